package io.chfen.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/** The array operations CHFEN's blocks share: masks, masked softmax, scalars, one-array calls. */
final class BlockOps {
  private BlockOps() {}

  /** {@code block} on one array, its one output. */
  static NDArray apply(ParameterStore ps, Block block, NDArray x, boolean training) {
    return block.forward(ps, new NDList(x), training).singletonOrThrow();
  }

  /** The shape with its last dimension replaced. */
  static Shape lastTo(Shape in, long d) {
    long[] s = in.getShape().clone();
    s[s.length - 1] = d;
    return new Shape(s);
  }

  /**
   * A scalar for arithmetic on arrays that carry gradients. DJL's {@code mul(Number)} and {@code
   * div(Number)} wrap the number in a tensor over a Java buffer and close it at once, while
   * autograd keeps that tensor for the backward pass: once the garbage collector frees the buffer,
   * the gradient reads freed memory (NaN or inf at random steps, about 3 runs in 10 here). This
   * tensor is PyTorch's own and lives as long as the manager of {@code like}.
   */
  static NDArray constant(NDArray like, float value) {
    return like.getManager()
        .full(new Shape(), value, like.getDataType())
        .toDevice(like.getDevice(), false);
  }

  /** A boolean mask as 0/1 floats. */
  static NDArray asFloat(NDArray mask) {
    return mask.toType(DataType.FLOAT32, false);
  }

  /**
   * Softmax over {@code axis} where {@code mask} is true: masked entries get a -1e9 bias, whose
   * exponential is exactly 0 in float32, so what they hold cannot move the result; rows with
   * nothing present are zero.
   */
  static NDArray maskedSoftmax(NDArray scores, NDArray mask, int axis) {
    NDArray keep = asFloat(mask);
    NDArray w = scores.add(keep.sub(1f).mul(1e9f)).softmax(axis);
    return w.mul(keep.sum(new int[] {axis}, true).gt(0f).toType(DataType.FLOAT32, false));
  }
}

package io.chfen.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;

/**
 * Multi-head attention of queries [B, Tq, d] over keys/values [B, Tk, d] with a key mask [B, Tk]:
 * masked keys get exactly zero weight; a query with no key present gets a zero output.
 */
final class Attention extends AbstractBlock {
  private final int d;
  private final int heads;
  private final Block wq;
  private final Block wk;
  private final Block wv;
  private final Block wo;

  Attention(int d, int heads) {
    this.d = d;
    this.heads = heads;
    wq = addChildBlock("q", Linear.builder().setUnits(d).build());
    wk = addChildBlock("k", Linear.builder().setUnits(d).build());
    wv = addChildBlock("v", Linear.builder().setUnits(d).build());
    wo = addChildBlock("o", Linear.builder().setUnits(d).build());
  }

  NDArray attend(ParameterStore ps, NDArray q, NDArray kv, NDArray mask, boolean training) {
    long b = q.getShape().get(0);
    long tq = q.getShape().get(1);
    long tk = kv.getShape().get(1);
    int dh = d / heads;
    NDArray qh = split(wq.forward(ps, new NDList(q), training).singletonOrThrow(), b, tq, dh);
    NDArray kh = split(wk.forward(ps, new NDList(kv), training).singletonOrThrow(), b, tk, dh);
    NDArray vh = split(wv.forward(ps, new NDList(kv), training).singletonOrThrow(), b, tk, dh);
    NDArray scores =
        qh.matMul(kh.transpose(0, 1, 3, 2))
            .mul(BlockOps.constant(qh, (float) (1 / Math.sqrt(dh)))); // [B,h,Tq,Tk]
    NDArray keyMask = mask.reshape(b, 1, 1, tk).broadcast(new Shape(b, heads, tq, tk));
    NDArray w = BlockOps.maskedSoftmax(scores, keyMask, 3);
    NDArray o = w.matMul(vh).transpose(0, 2, 1, 3).reshape(b, tq, d);
    NDArray out = wo.forward(ps, new NDList(o), training).singletonOrThrow();
    // a query with no key at all: zero, not the output bias
    NDArray any =
        BlockOps.asFloat(BlockOps.asFloat(mask).sum(new int[] {1}).gt(0)).reshape(b, 1, 1);
    out = out.mul(any);
    return tq == 1 ? out.squeeze(1) : out;
  }

  private NDArray split(NDArray x, long b, long t, int dh) {
    return x.reshape(b, t, heads, dh).transpose(0, 2, 1, 3);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList in, boolean training, PairList<String, Object> params) {
    return new NDList(attend(ps, in.get(0), in.get(1), in.get(2), training));
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... shapes) {
    Shape s = new Shape(1, 1, d);
    for (Block l : List.of(wq, wk, wv, wo)) {
      l.initialize(manager, dataType, s);
    }
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputs) {
    return new Shape[] {inputs[0]};
  }
}

package io.chfen.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A transformer encoder layer over a masked sequence [B, T, d]: self-attention, then a feed-forward
 * of width 2d, each with dropout, a residual and LayerNorm.
 */
final class EncoderLayer extends AbstractBlock {
  private final int d;
  private final Attention self;
  private final Block norm1;
  private final Block ff1;
  private final Block ff2;
  private final Block norm2;
  private final Block drop;

  EncoderLayer(int d, int heads, float dropout) {
    this.d = d;
    self = addChildBlock("self", new Attention(d, heads));
    norm1 = addChildBlock("norm1", LayerNorm.builder().axis(2).build());
    ff1 = addChildBlock("ff1", Linear.builder().setUnits(2L * d).build());
    ff2 = addChildBlock("ff2", Linear.builder().setUnits(d).build());
    norm2 = addChildBlock("norm2", LayerNorm.builder().axis(2).build());
    drop = addChildBlock("dropout", Dropout.builder().optRate(dropout).build());
  }

  NDArray forward(ParameterStore ps, NDArray x, NDArray mask, boolean training) {
    NDArray a = self.attend(ps, x, x, mask, training);
    x = BlockOps.apply(ps, norm1, x.add(BlockOps.apply(ps, drop, a, training)), training);
    NDArray f = BlockOps.apply(ps, ff1, x, training);
    f = BlockOps.apply(ps, ff2, Activation.gelu(f), training);
    return BlockOps.apply(ps, norm2, x.add(BlockOps.apply(ps, drop, f, training)), training);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList in, boolean training, PairList<String, Object> params) {
    return new NDList(forward(ps, in.get(0), in.get(1), training));
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... shapes) {
    Shape s = new Shape(1, 1, d);
    self.initialize(manager, dataType, s, s);
    norm1.initialize(manager, dataType, s);
    ff1.initialize(manager, dataType, s);
    ff2.initialize(manager, dataType, new Shape(1, 1, 2L * d));
    norm2.initialize(manager, dataType, s);
    drop.initialize(manager, dataType, s);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputs) {
    return new Shape[] {inputs[0]};
  }
}

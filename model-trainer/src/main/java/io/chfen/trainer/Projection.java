package io.chfen.trainer;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Linear to d, then LayerNorm over the feature axis ({@code axis}: 1 for [B, D], 2 for [B, T, D]).
 */
final class Projection extends AbstractBlock {
  private final Block linear;
  private final Block norm;
  private final int units;

  Projection(int d, int axis) {
    this.units = d;
    linear = addChildBlock("linear", Linear.builder().setUnits(d).build());
    norm = addChildBlock("norm", LayerNorm.builder().axis(axis).build());
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList in, boolean training, PairList<String, Object> params) {
    return norm.forward(ps, linear.forward(ps, in, training), training);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... shapes) {
    linear.initialize(manager, dataType, shapes);
    Shape in = shapes[0];
    norm.initialize(manager, dataType, BlockOps.lastTo(in, units));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputs) {
    Shape in = inputs[0];
    return new Shape[] {BlockOps.lastTo(in, units)};
  }
}

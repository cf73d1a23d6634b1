package io.chfen.pipelines;

import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TupleTag;

/**
 * The outputs of a stage that has several (kept, rejected, failures, ...): subclasses expose them
 * as typed fields, this class tells Beam about them.
 */
public abstract class StageResult implements POutput {
  private final Pipeline pipeline;
  private final Map<TupleTag<?>, PValue> outputs;

  protected StageResult(Pipeline pipeline, Map<TupleTag<?>, PValue> outputs) {
    this.pipeline = pipeline;
    this.outputs = Map.copyOf(outputs);
  }

  @Override
  public Pipeline getPipeline() {
    return pipeline;
  }

  @Override
  public Map<TupleTag<?>, PValue> expand() {
    return outputs;
  }

  @Override
  public void finishSpecifyingOutput(
      String transformName, PInput input, PTransform<?, ?> transform) {}
}

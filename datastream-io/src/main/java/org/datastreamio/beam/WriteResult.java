package org.datastreamio.beam;

import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TupleTag;
import org.datastreamio.spi.WrittenPart;

/**
 * What a DataStreamIO write produced: one {@link WrittenPart} per committed part (final file names,
 * Flight parts, socket streams) with its row, batch and byte counts. Wait on it with {@code
 * Wait.on(result.getWrittenParts())} to start work after the data is visible.
 */
public final class WriteResult implements POutput {
  private static final TupleTag<WrittenPart> PARTS = new TupleTag<>("writtenParts");

  private final Pipeline pipeline;
  private final PCollection<WrittenPart> parts;

  WriteResult(Pipeline pipeline, PCollection<WrittenPart> parts) {
    this.pipeline = pipeline;
    this.parts = parts;
  }

  public PCollection<WrittenPart> getWrittenParts() {
    return parts;
  }

  @Override
  public Pipeline getPipeline() {
    return pipeline;
  }

  @Override
  public Map<TupleTag<?>, PValue> expand() {
    return Map.of(PARTS, parts);
  }

  @Override
  public void finishSpecifyingOutput(
      String transformName, PInput input, PTransform<?, ?> transform) {}
}

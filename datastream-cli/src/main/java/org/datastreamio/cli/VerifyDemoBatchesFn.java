package org.datastreamio.cli;

import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.beam.sdk.transforms.DoFn;
import org.datastreamio.arrow.ArrowMemory;
import org.datastreamio.beam.ArrowBatch;

/**
 * Takes the {@link DemoDigest} of the demo batches a columnar read received, for {@link
 * DemoDigest#verdict}.
 */
final class VerifyDemoBatchesFn extends DoFn<ArrowBatch, Void> {
  private transient BufferAllocator allocator;
  private transient DemoDigest digest;

  @Setup
  public void setup() {
    allocator = ArrowMemory.newChild("datastream-demo-check-" + UUID.randomUUID());
  }

  @StartBundle
  public void startBundle() {
    digest = new DemoDigest();
  }

  @ProcessElement
  public void process(@Element ArrowBatch batch) {
    try (VectorSchemaRoot root = batch.open(allocator)) {
      digest.add(root);
    }
  }

  @FinishBundle
  public void finishBundle() {
    digest.flush();
  }

  @Teardown
  public void teardown() {
    if (allocator != null) {
      allocator.close();
    }
  }
}

package org.datastreamio.cli.bench;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.beam.sdk.transforms.DoFn;
import org.datastreamio.beam.ArrowBatch;

/**
 * Hands the dataset's pre-built {@link ArrowBatch}es to a writing pipeline by index, from a
 * process-wide registry keyed by run id. The pipeline's input is then a sequence of batch indices:
 * {@code Create.of} of the batches themselves would embed the whole dataset in the pipeline, which
 * the Direct runner serializes again for every bundle it reads from it, and the bench would measure
 * that instead of the transport. Works on the runners the bench uses, which run in this JVM (as
 * {@link Arrivals} does).
 */
public final class SharedBatches {
  private static final ConcurrentHashMap<String, List<ArrowBatch>> BATCHES =
      new ConcurrentHashMap<>();

  private SharedBatches() {}

  /** Makes {@code batches} available under {@code runId} until {@link #remove}. */
  public static void put(String runId, List<ArrowBatch> batches) {
    BATCHES.put(runId, batches);
  }

  public static void remove(String runId) {
    BATCHES.remove(runId);
  }

  /** Emits batch {@code i} of the run's dataset for each index {@code i}. */
  public static final class ByIndex extends DoFn<Long, ArrowBatch> {
    private final String runId;

    public ByIndex(String runId) {
      this.runId = runId;
    }

    @ProcessElement
    public void process(@Element Long index, OutputReceiver<ArrowBatch> out) {
      List<ArrowBatch> batches = BATCHES.get(runId);
      if (batches == null) {
        throw new IllegalStateException(
            "No bench dataset registered for run "
                + runId
                + ": the batch contenders need a runner that runs in the bench's JVM (Direct, Flink [local], Spark local)");
      }
      out.output(batches.get(Math.toIntExact(index)));
    }
  }
}

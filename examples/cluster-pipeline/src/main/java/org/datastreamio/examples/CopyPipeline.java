package org.datastreamio.examples;

import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.GenerateSequence;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.options.Validation;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.datastreamio.beam.DataStreamIO;

/**
 * A user's pipeline: copies one DataStream stream to another ({@code --from}), or writes {@code
 * --rows} generated {@link SampleRows} ({@code --from} left out). Submitted as one shaded jar with
 * {@code flink run} / Flink's REST API or {@code spark-submit}; see docs/runners.md.
 */
public final class CopyPipeline {
  private CopyPipeline() {}

  /** The pipeline's own options; the runner's come on the same command line. */
  public interface Options extends PipelineOptions {
    @Description(
        "Stream to read, e.g. flight://host:8815/in; leave out to write --rows generated rows")
    String getFrom();

    void setFrom(String from);

    @Description("Stream to write, e.g. file:///shared/out or socket://host:9000")
    @Validation.Required
    String getTo();

    void setTo(String to);

    @Description("Rows to generate when there is no --from")
    @Default.Long(100_000)
    long getRows();

    void setRows(long rows);

    @Description(
        "Wait for the pipeline to end and fail if it failed. Set false where the submission is detached"
            + " and the cluster reports the job's state (Flink's REST API, which cannot be asked for it from main)")
    @Default.Boolean(true)
    boolean getWaitUntilFinish();

    void setWaitUntilFinish(boolean wait);
  }

  public static void main(String[] args) {
    Options options = PipelineOptionsFactory.fromArgs(args).withValidation().as(Options.class);
    Pipeline pipeline = Pipeline.create(options);
    if (options.getFrom() == null) {
      pipeline
          .apply("Ids", GenerateSequence.from(0).to(options.getRows()))
          .apply("Rows", MapElements.into(TypeDescriptors.rows()).via(SampleRows::row))
          .setRowSchema(SampleRows.SCHEMA)
          .apply("Write", DataStreamIO.write().to(options.getTo()));
    } else {
      // A copy stays columnar: each record batch carries its schema, so none is needed up front
      // (a socket's schema is only known once data arrives).
      pipeline
          .apply("Read", DataStreamIO.readBatches().from(options.getFrom()))
          .apply("Write", DataStreamIO.writeBatches().to(options.getTo()));
    }
    PipelineResult result = pipeline.run();
    if (options.getWaitUntilFinish()) {
      PipelineResult.State state = result.waitUntilFinish();
      if (state != PipelineResult.State.DONE) {
        throw new IllegalStateException("The pipeline ended in state " + state);
      }
    }
  }
}

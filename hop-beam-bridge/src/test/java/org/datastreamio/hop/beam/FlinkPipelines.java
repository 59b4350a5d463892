package org.datastreamio.hop.beam;

import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/** Beam pipelines on an in-JVM Flink cluster (the classic runner, "[local]"). */
public final class FlinkPipelines {
  private FlinkPipelines() {}

  public static Pipeline local() {
    FlinkPipelineOptions options = PipelineOptionsFactory.create().as(FlinkPipelineOptions.class);
    options.setRunner(FlinkRunner.class);
    options.setFlinkMaster("[local]");
    options.setParallelism(2);
    options.setShutdownSourcesAfterIdleMs(0L);
    return Pipeline.create(options);
  }
}

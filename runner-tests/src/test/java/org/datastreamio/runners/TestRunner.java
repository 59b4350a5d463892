package org.datastreamio.runners;

import java.net.URISyntaxException;
import java.nio.file.Paths;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.runners.spark.SparkPipelineOptions;
import org.apache.beam.runners.spark.SparkRunner;
import org.apache.beam.runners.spark.metrics.MetricsAccumulator;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.options.StreamingOptions;

/**
 * The runners the suite runs on, each in this JVM with two workers. Which Flink or Spark runner is
 * on the classpath is a property of the root pom ({@code flink.runner.artifact}, {@code
 * spark.version}), so a newer runner is a one-line change there; a new engine is one more constant
 * here.
 */
enum TestRunner {
  DIRECT {
    @Override
    PipelineOptions options(boolean retries, boolean streaming) {
      DirectOptions o = PipelineOptionsFactory.create().as(DirectOptions.class);
      o.setRunner(DirectRunner.class);
      o.setBlockOnRun(true);
      o.setTargetParallelism(WORKERS);
      // The per-element clone-and-compare checks are on in datastream-io's own Direct tests; with
      // 200,000 wide rows per step they would make this suite CPU-bound on checks, not on the I/O.
      o.setEnforceImmutability(false);
      o.setEnforceEncodability(false);
      o.as(StreamingOptions.class).setStreaming(streaming);
      return o;
    }
  },
  FLINK {
    @Override
    PipelineOptions options(boolean retries, boolean streaming) {
      FlinkPipelineOptions o = PipelineOptionsFactory.create().as(FlinkPipelineOptions.class);
      o.setRunner(FlinkRunner.class);
      o.setFlinkMaster("[local]");
      o.setParallelism(WORKERS);
      o.setStreaming(streaming);
      if (retries) {
        // A restart strategy: a failed task restarts its failed region. Streaming jobs take it from
        // these options; batch jobs only from the Flink configuration
        // (flink-retries/flink-conf.yaml).
        o.setNumberOfExecutionRetries(3);
        o.setExecutionRetryDelay(100L);
        o.setFlinkConfDir(resourceDir("flink-retries"));
      }
      o.setShutdownSourcesAfterIdleMs(0L);
      return o;
    }

    @Override
    boolean retriesBundles() {
      return true;
    }

    /**
     * FlinkDoFnFunction.close() calls finishBundle unless that very DoFn threw, and a cancelled
     * DataSourceTask closes its chained functions too (Beam 2.70, Flink 1.19, batch).
     */
    @Override
    boolean finishesFailedBundles() {
      return true;
    }
  },
  SPARK {
    @Override
    PipelineOptions options(boolean retries, boolean streaming) {
      if (streaming) {
        throw new UnsupportedOperationException(
            "The suite runs streaming pipelines on Direct and Flink only");
      }
      SparkPipelineOptions o = PipelineOptionsFactory.create().as(SparkPipelineOptions.class);
      o.setRunner(SparkRunner.class);
      // local[N,F]: N worker threads, each task tried up to F times (plain local[N] never retries).
      o.setSparkMaster(retries ? "local[" + WORKERS + ",4]" : "local[" + WORKERS + "]");
      o.setEnableSparkMetricSinks(false);
      // Beam keeps the metrics accumulator of the first SparkContext in a static; each pipeline
      // here
      // makes a new context, so drop the old one or its metrics read as zero.
      MetricsAccumulator.clear();
      return o;
    }

    @Override
    boolean retriesBundles() {
      return true;
    }

    @Override
    boolean runsTwoPipelinesAtOnce() {
      return false; // one SparkContext per JVM, and Beam's Spark runner makes and stops its own
    }
  };

  static final int WORKERS = 2;

  static {
    // No Spark web UI in tests: it needs a free port and javax-servlet Jersey, and nothing reads
    // it.
    System.setProperty("spark.ui.enabled", "false");
    System.setProperty("spark.ui.showConsoleProgress", "false");
  }

  private static String resourceDir(String name) {
    try {
      return Paths.get(TestRunner.class.getClassLoader().getResource(name).toURI()).toString();
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException(
          "Test resource directory " + name + " is missing from the classpath", e);
    }
  }

  abstract PipelineOptions options(boolean retries, boolean streaming);

  /**
   * Whether a failed bundle is retried (with {@code retries} options) rather than failing the run.
   */
  boolean retriesBundles() {
    return false;
  }

  /**
   * Whether a task that fails still finishes the bundles of its other steps: then a write step
   * fused behind the step that threw completes its parts, and a socket reader gets the failed
   * attempt's rows as a complete (short) stream instead of a truncated one.
   */
  boolean finishesFailedBundles() {
    return false;
  }

  /**
   * Whether a second pipeline can run in this JVM while one runs (a socket reader while its writer
   * runs).
   */
  boolean runsTwoPipelinesAtOnce() {
    return true;
  }

  Pipeline pipeline() {
    return Pipeline.create(options(false, false));
  }

  Pipeline retryingPipeline() {
    return Pipeline.create(options(true, false));
  }

  Pipeline streamingPipeline() {
    return Pipeline.create(options(false, true));
  }
}

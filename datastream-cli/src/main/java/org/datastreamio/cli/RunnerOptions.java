package org.datastreamio.cli;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import picocli.CommandLine.Option;

/**
 * Which Beam runner a command's pipeline runs on. Runners are chosen by name, so none is compiled
 * in.
 */
public final class RunnerOptions {
  @Option(
      names = "--runner",
      defaultValue = "DirectRunner",
      description =
          "Beam runner: DirectRunner (default), FlinkRunner (embedded [local] unless --beam-option=--flinkMaster=...), SparkRunner (local[N] unless --beam-option=--sparkMaster=...).")
  public String runner;

  @Option(
      names = "--parallelism",
      description = "Workers for the runner (default: the machine's cores).")
  Integer parallelism;

  @Option(
      names = "--beam-option",
      paramLabel = "--NAME=VALUE",
      description =
          "Passes a Beam pipeline option through, e.g. --beam-option=--flinkMaster=host:8081 (repeatable).")
  List<String> beamOptions = new ArrayList<>();

  /**
   * A pipeline that reads or writes {@code uris} (none: only loopback endpoints and local files the
   * command picks itself).
   */
  public Pipeline newPipeline(String... uris) {
    return Pipeline.create(options(uris));
  }

  public PipelineOptions options(String... uris) {
    int workers = parallelism != null ? parallelism : Runtime.getRuntime().availableProcessors();
    if (workers < 1) {
      throw new IllegalArgumentException("--parallelism must be at least 1, got " + workers);
    }
    List<String> args = new ArrayList<>();
    args.add("--runner=" + runner);
    String lower = runner.toLowerCase(java.util.Locale.ROOT);
    if (lower.startsWith("direct")) {
      args.add("--targetParallelism=" + workers);
      // The Direct runner's per-element immutability and encodability checks are for tests, not for
      // moving data.
      args.add("--enforceImmutability=false");
      args.add("--enforceEncodability=false");
    } else if (lower.startsWith("flink")) {
      args.add("--parallelism=" + workers);
      if (beamOptions.stream().noneMatch(o -> o.startsWith("--flinkMaster"))) {
        args.add("--flinkMaster=[local]");
      }
    } else if (lower.startsWith("spark")) {
      if (beamOptions.stream().noneMatch(o -> o.startsWith("--sparkMaster"))) {
        args.add("--sparkMaster=local[" + workers + "]");
      }
    }
    args.addAll(beamOptions);
    args.addAll(S3RegionDefault.options(beamOptions, java.util.Arrays.asList(uris)));
    remoteEngine(lower)
        .filter(e -> beamOptions.stream().noneMatch(o -> o.startsWith("--filesToStage")))
        .ifPresent(
            engine -> {
              List<String> staged =
                  ClusterStaging.filesToStage(engine, System.getProperty("java.class.path"));
              System.err.printf(
                  java.util.Locale.ROOT,
                  "Staging %d jars (%.0f MB) to the %s cluster: what it lacks%s"
                      + " (pass --beam-option=--filesToStage=... to choose)%n",
                  staged.size(),
                  ClusterStaging.megabytes(staged),
                  runner,
                  engine == ClusterStaging.Engine.SPARK
                      ? ", with datastream-io-bundled in place of datastream-io, Arrow, Netty,"
                          + " gRPC, protobuf and Guava"
                      : "");
              args.add("--filesToStage=" + String.join(",", staged));
            });
    try {
      return PipelineOptionsFactory.fromArgs(args.toArray(new String[0])).withValidation().create();
    } catch (IllegalArgumentException e) {
      if (String.valueOf(e.getMessage()).contains("Unknown 'runner'")) {
        throw new IllegalArgumentException(
            "Runner '"
                + runner
                + "' is not on this classpath. Available here: "
                + "DirectRunner"
                + (onClasspath("org.apache.beam.runners.flink.FlinkRunner") ? ", FlinkRunner" : "")
                + (onClasspath("org.apache.beam.runners.spark.SparkRunner") ? ", SparkRunner" : ""),
            e);
      }
      throw e;
    }
  }

  /**
   * The engine of a remote Flink or Spark master given through --beam-option, whose jars the
   * submission leaves out; empty for embedded runs, where nothing is staged.
   */
  private java.util.Optional<ClusterStaging.Engine> remoteEngine(String lowerRunner) {
    for (String o : beamOptions) {
      String value = o.substring(o.indexOf('=') + 1);
      if (lowerRunner.startsWith("flink")
          && o.startsWith("--flinkMaster=")
          && !List.of("[local]", "[auto]", "[collection]").contains(value)) {
        return java.util.Optional.of(ClusterStaging.Engine.FLINK);
      }
      if (lowerRunner.startsWith("spark")
          && o.startsWith("--sparkMaster=")
          && !value.startsWith("local")) {
        return java.util.Optional.of(ClusterStaging.Engine.SPARK);
      }
    }
    return java.util.Optional.empty();
  }

  private static boolean onClasspath(String className) {
    try {
      Class.forName(className, false, RunnerOptions.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}

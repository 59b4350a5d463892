package org.datastreamio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.beam.sdk.io.aws2.options.AwsOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;

class S3RegionDefaultTest {
  private static final List<String> FIXED = List.of("--awsRegion=us-east-1");

  @TempDir Path home;

  private List<String> decide(List<String> options, List<String> uris) {
    return decide(options, uris, Map.of(), new Properties());
  }

  private List<String> decide(
      List<String> options, List<String> uris, Map<String, String> env, Properties props) {
    return S3RegionDefault.options(options, uris, env, props, home);
  }

  @Test
  void aCommandWithoutS3GetsAFixedRegionWhenOnlyTheMetadataServiceCouldGiveOne() {
    assertEquals(FIXED, decide(List.of(), List.of()));
    assertEquals(FIXED, decide(List.of(), List.of("file:///tmp/a", "grpc+tcp://127.0.0.1:1/s")));
  }

  @Test
  void anS3UriOrAConfiguredRegionLeavesTheSdksLookupAlone() throws Exception {
    assertEquals(List.of(), decide(List.of(), List.of("file:///tmp/a", " S3://bucket/stream")));
    assertEquals(List.of(), decide(List.of("--awsRegion=eu-west-1"), List.of()));
    assertEquals(
        List.of(), decide(List.of(), List.of(), Map.of("AWS_REGION", "eu-west-1"), props()));
    assertEquals(
        List.of(), decide(List.of(), List.of(), Map.of("AWS_CONFIG_FILE", "/etc/aws"), props()));
    Properties region = props();
    region.setProperty("aws.region", "eu-west-1");
    assertEquals(List.of(), decide(List.of(), List.of(), Map.of(), region));
    Files.createDirectories(home.resolve(".aws"));
    Files.writeString(home.resolve(".aws/config"), "[default]\nregion = eu-west-1\n");
    assertEquals(List.of(), decide(List.of(), List.of()));
  }

  @Test
  void aRegionGivenAsABeamOptionIsTheOneThePipelineGets() {
    RunnerOptions runner = new RunnerOptions();
    runner.runner = "DirectRunner";
    runner.beamOptions.add("--awsRegion=eu-west-1");
    assertEquals(Region.EU_WEST_1, runner.options().as(AwsOptions.class).getAwsRegion());
    assertEquals(
        Region.EU_WEST_1,
        runner.options("file:///tmp/a").as(AwsOptions.class).getAwsRegion(),
        "not given twice (Beam refuses a repeated option)");
  }

  private static Properties props() {
    return new Properties();
  }
}

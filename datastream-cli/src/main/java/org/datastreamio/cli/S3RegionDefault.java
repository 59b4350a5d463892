package org.datastreamio.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Keeps Beam's S3 file system from asking the EC2 instance metadata service for a region when a
 * command touches no {@code s3://} URI.
 *
 * <p>Beam registers its file systems for every pipeline it creates, and the S3 one builds a client
 * for the region of {@code --awsRegion}. Left unset, the AWS SDK looks for a region in {@code
 * AWS_REGION}, {@code -Daws.region} and the profile file, and then asks the instance metadata
 * service at 169.254.169.254: off EC2 that is a request off this machine and about 0.75 s of
 * retries for every pipeline (the demo creates a dozen). When no URI of the command is on S3 the
 * region is never used, so a fixed one is passed instead; when one is, the SDK's own lookup stays,
 * since on EC2 the metadata service is where the region comes from.
 */
final class S3RegionDefault {
  /** Passed only to pipelines that never open an S3 client. */
  static final String UNUSED_REGION = "us-east-1";

  private S3RegionDefault() {}

  /**
   * {@code --awsRegion=...} to add to {@code beamOptions}, or nothing when the command has an
   * {@code s3://} URI or the region is configured anywhere the SDK looks before the metadata
   * service.
   */
  static List<String> options(List<String> beamOptions, Collection<String> uris) {
    return options(beamOptions, uris, System.getenv(), System.getProperties(), userHome());
  }

  static List<String> options(
      List<String> beamOptions,
      Collection<String> uris,
      Map<String, String> env,
      Properties properties,
      Path home) {
    boolean regionGiven =
        beamOptions.stream().anyMatch(o -> o.startsWith("--awsRegion"))
            || !blank(env.get("AWS_REGION"))
            || !blank(properties.getProperty("aws.region"))
            || !blank(env.get("AWS_CONFIG_FILE"))
            || !blank(properties.getProperty("aws.configFile"))
            || (home != null && Files.exists(home.resolve(".aws").resolve("config")));
    boolean onS3 =
        uris.stream()
            .anyMatch(u -> u != null && u.trim().toLowerCase(Locale.ROOT).startsWith("s3://"));
    return regionGiven || onS3 ? List.of() : List.of("--awsRegion=" + UNUSED_REGION);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static Path userHome() {
    String home = System.getProperty("user.home");
    return blank(home) ? null : Path.of(home);
  }
}

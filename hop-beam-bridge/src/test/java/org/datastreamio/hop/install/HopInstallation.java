package org.datastreamio.hop.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A Hop installation made the way a user has one: Hop's jars in lib/core, and the plugin archive
 * unzipped into the installation folder exactly as docs/hop-gui.md says. {@link #hopRun} starts
 * {@code org.apache.hop.run.HopRun} in its own JVM with the options of Hop's hop-run.sh.
 */
final class HopInstallation {
  /** The one option a launcher must add for Arrow (docs/hop-gui.md); Hop's own scripts pass it. */
  static final String ARROW_OPENS = "--add-opens=java.base/java.nio=ALL-UNNAMED";

  /** The --add-opens options of Hop 2.16's hop-run.sh. */
  static final List<String> HOP_RUN_SH_OPENS =
      List.of(
          "java.xml/jdk.xml.internal",
          "java.base/java.lang",
          "java.base/java.lang.invoke",
          "java.base/java.lang.reflect",
          "java.base/java.io",
          "java.base/java.net",
          "java.base/java.nio",
          "java.base/java.util",
          "java.base/java.util.concurrent",
          "java.base/java.util.concurrent.atomic",
          "java.base/sun.nio.ch",
          "java.base/sun.nio.cs",
          "java.base/sun.security.action",
          "java.base/sun.util.calendar",
          "java.security.jgss/sun.security.krb5");

  private final Path home;

  private HopInstallation(Path home) {
    this.home = home;
  }

  /**
   * lib/core holds {@code jars} (links, not copies); then the archive is unzipped into {@code
   * home}.
   */
  static HopInstallation install(Path home, List<Path> jars, Path pluginArchive)
      throws IOException, InterruptedException {
    Path core = Files.createDirectories(home.resolve("lib").resolve("core"));
    // A Hop distribution has its config/ folder; hop-run writes hop-config.json there on first use.
    Files.createDirectories(home.resolve("config"));
    for (Path jar : jars) {
      Files.createSymbolicLink(core.resolve(jar.getFileName()), jar.toAbsolutePath());
    }
    // docs/hop-gui.md: cd /opt/hop && unzip /path/to/datastream-hop-plugin-<version>.zip
    Process unzip =
        new ProcessBuilder("unzip", "-q", pluginArchive.toAbsolutePath().toString())
            .directory(home.toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(unzip.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!unzip.waitFor(60, TimeUnit.SECONDS)) {
      unzip.destroyForcibly();
      fail("unzip did not finish");
    }
    assertEquals(0, unzip.exitValue(), "unzip " + pluginArchive + ": " + out);
    return new HopInstallation(home);
  }

  Path home() {
    return home;
  }

  /** What one HopRun process did. */
  record Run(int exitCode, String log) {
    boolean succeeded() {
      return exitCode == 0;
    }
  }

  /**
   * Runs {@code hop-run -r local -f pipeline -p K=V,...} with the project's metadata folder, as its
   * own process, and waits at most {@code timeout}; a process still running then is killed and the
   * test fails (a hang is a failure, never a wait).
   */
  Run hopRun(Path project, String pipeline, Map<String, String> parameters, Duration timeout)
      throws IOException, InterruptedException {
    return hopRun(project, pipeline, parameters, HOP_RUN_SH_OPENS, timeout);
  }

  /**
   * As {@link #hopRun(Path, String, Map, Duration)}, with only the given --add-opens (an own
   * launcher).
   */
  Run hopRun(
      Path project,
      String pipeline,
      Map<String, String> parameters,
      List<String> opens,
      Duration timeout)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx512m");
    for (String open : opens) {
      cmd.add("--add-opens=" + open + "=ALL-UNNAMED");
    }
    // As hop-run.sh: plugins/ of the installation, a configuration folder of its own.
    cmd.add("-DHOP_PLATFORM_RUNTIME=Run");
    cmd.add("-DHOP_AUTO_CREATE_CONFIG=Y");
    cmd.add("-DHOP_PLUGIN_BASE_FOLDERS=plugins");
    cmd.add("-DHOP_CONFIG_FOLDER=" + home.resolve("config"));
    cmd.add("-DHOP_AUDIT_FOLDER=" + home.resolve("audit"));
    // How hop-run finds the project's metadata/data-stream/*.json without the projects plugin.
    cmd.add("-DHOP_METADATA_FOLDER=" + project.resolve("metadata"));
    cmd.add("-classpath");
    cmd.add("lib/core/*");
    cmd.add("org.apache.hop.run.HopRun");
    cmd.add("-r");
    cmd.add("local");
    cmd.add("-f");
    cmd.add(project.resolve("pipelines").resolve(pipeline).toString());
    cmd.add("-p");
    cmd.add(
        parameters.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(",")));
    Path log = Files.createTempFile(home, "hop-run-", ".log");
    Process process =
        new ProcessBuilder(cmd)
            .directory(home.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
        fail(
            "HopRun did not end within "
                + timeout.toSeconds()
                + " s ("
                + pipeline
                + " "
                + parameters
                + "); its log:\n"
                + Files.readString(log, StandardCharsets.UTF_8));
      }
      return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    } finally {
      ChildProcesses.stop(process);
    }
  }
}

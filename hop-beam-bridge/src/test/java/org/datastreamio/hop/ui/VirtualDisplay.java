package org.datastreamio.hop.ui;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives SWT an X display. SWT reads DISPLAY from the process environment, which Java cannot change,
 * so surefire sets DISPLAY (this module's pom: {@code :97}) and this extension starts {@code Xvfb}
 * on that display when no X server answers there yet. Xvfb runs with -terminate: it ends when the
 * test JVM, its last client, disconnects (stopping it earlier would make GTK end the JVM). Without
 * a display the GUI tests skip, or fail when DATASTREAM_REQUIRE_GUI=1 (CI).
 */
public final class VirtualDisplay implements BeforeAllCallback {
  private static Process xvfb;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    String problem = ensure();
    if (problem != null) {
      if ("1".equals(System.getenv("DATASTREAM_REQUIRE_GUI"))) {
        Assertions.fail(problem + " (DATASTREAM_REQUIRE_GUI=1: install xvfb and libgtk-3-0)");
      }
      Assumptions.abort(problem);
    }
  }

  /** Null when a display is up, else why not. */
  private static synchronized String ensure() throws Exception {
    String display = System.getenv("DISPLAY");
    if (display == null || !display.matches(":\\d+(\\.\\d+)?")) {
      return "No local DISPLAY set for the GUI tests (got '" + display + "')";
    }
    String number = display.substring(1).replaceFirst("\\..*", "");
    Path socket = Path.of("/tmp/.X11-unix/X" + number);
    if (Files.exists(socket)) {
      return null;
    }
    if (xvfb != null && xvfb.isAlive()) {
      return null;
    }
    String binary = onPath("Xvfb");
    if (binary == null) {
      return "No X server on " + display + " and no Xvfb on the PATH";
    }
    xvfb =
        new ProcessBuilder(
                binary, display, "-screen", "0", "1280x1024x24", "-nolisten", "tcp", "-terminate")
            .redirectErrorStream(true)
            .redirectOutput(new File("target/xvfb.log"))
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!Files.exists(socket)) {
      if (!xvfb.isAlive()) {
        return "Xvfb on " + display + " exited with " + xvfb.exitValue() + ": see target/xvfb.log";
      }
      if (System.nanoTime() > deadline) {
        return "Xvfb on " + display + " did not open " + socket + " within 20 s";
      }
      Thread.sleep(100);
    }
    return null;
  }

  private static String onPath(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      File f = new File(dir, name);
      if (f.canExecute()) {
        return f.getPath();
      }
    }
    return null;
  }
}

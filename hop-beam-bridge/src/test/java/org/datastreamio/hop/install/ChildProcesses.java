package org.datastreamio.hop.install;

import java.util.concurrent.TimeUnit;

/** Ends a child process and whatever it started, on every path of a test. */
final class ChildProcesses {
  private ChildProcesses() {}

  static void stop(Process process) {
    if (process == null) {
      return;
    }
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

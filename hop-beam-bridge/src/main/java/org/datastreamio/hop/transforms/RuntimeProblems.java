package org.datastreamio.hop.transforms;

/**
 * Turns what a Hop installation can lack into a message saying what is missing and how to add it:
 * Arrow that cannot start without {@code --add-opens}, or a library (Beam's core SDK) that is not
 * on Hop's classpath. Such failures are {@link LinkageError}s, which Hop would only log as
 * "Unexpected error".
 */
final class RuntimeProblems {
  static final String ARROW_OPENS = "--add-opens=java.base/java.nio=ALL-UNNAMED";

  private RuntimeProblems() {}

  /**
   * Initializes Arrow's memory access now, so a JVM without the option fails at start, not mid-run.
   */
  static void requireArrow() {
    try {
      Class.forName(
          "org.apache.arrow.memory.util.MemoryUtil", true, RuntimeProblems.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new NoClassDefFoundError("org/apache/arrow/memory/util/MemoryUtil");
    }
  }

  static String explain(LinkageError e) {
    String text = chain(e);
    if (text.contains("MemoryUtil") || text.contains("java.nio")) {
      return "Apache Arrow cannot start in this JVM: Java must be started with "
          + ARROW_OPENS
          + ". Hop's own scripts (hop-run.sh, hop-gui.sh, hop-server.sh) pass it; add it to HOP_OPTIONS or to your own launcher ("
          + e
          + ")";
    }
    String missing = missingClass(e);
    if (missing != null && missing.startsWith("org.apache.beam.")) {
      return "this needs Apache Beam's core SDK on Hop's classpath, and class "
          + missing
          + " is missing. Hop's distribution ships it"
          + " in lib/core with its Beam engine (beam-sdks-java-core and its dependencies); put those jars into lib/core, or use a"
          + " Hop distribution that includes the Beam engine";
    }
    return "a class the plugin needs is missing or broken"
        + (missing == null ? "" : " (" + missing + ")")
        + "; check that plugins/datastream/lib is complete and that no other plugin or lib/ jar replaces its libraries ("
        + e
        + ")";
  }

  private static String missingClass(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof NoClassDefFoundError || c instanceof ClassNotFoundException) {
        String m = String.valueOf(c.getMessage());
        if (!m.startsWith("Could not initialize")) {
          return m.replace('/', '.').replaceFirst("^Unable to load class '([^']+)'.*", "$1");
        }
      }
    }
    return null;
  }

  private static String chain(Throwable e) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c = e; c != null; c = c.getCause()) {
      sb.append(c).append('\n');
    }
    return sb.toString();
  }
}

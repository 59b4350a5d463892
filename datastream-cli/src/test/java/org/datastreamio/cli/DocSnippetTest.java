package org.datastreamio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.datastreamio.testing.LoopbackPorts;
import org.datastreamio.testing.PyArrow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs what README.md and docs/*.md tell a user to run: every ```python block with pyarrow and
 * every {@code ./datastream} line of a ```bash or ```sh block, in the order of its page, so a
 * snippet that no longer works fails the build. Only the Flight port (8815), socket ports (9000)
 * and absolute paths under /data, /tmp and /var/lib are substituted; {@code serve} listens on a
 * free port.
 *
 * <p>A block is steered by an HTML comment on the line before its fence:
 *
 * <ul>
 *   <li>{@code <!-- not run: why -->}: skipped; the skipped blocks are counted and printed.
 *   <li>{@code <!-- run: with the next block -->}: a listener started in the background; the next
 *       runnable block (its peer) runs once the listener's port listens, then the listener is
 *       stopped.
 *   <li>{@code <!-- run: after the previous block -->}: Python that continues the page's previous
 *       Python block (its definitions run first).
 * </ul>
 *
 * Before the pages run, a Flight server holds a stream {@code orders} and /data/orders holds Arrow
 * files, the data the snippets read.
 */
class DocSnippetTest {
  private static final Pattern FENCE = Pattern.compile("^```(\\w*)\\s*$");
  private static final Pattern MARK = Pattern.compile("^<!--\\s*(not run|run):\\s*(.*?)\\s*-->$");
  private static final Pattern ANNOUNCED =
      Pattern.compile("Serving Arrow Flight at grpc\\+tcp://127\\.0\\.0\\.1:(\\d+)");

  /**
   * Pages another branch owns until it is merged; listed here so the skip is printed, not silent.
   */
  private static final List<String> NOT_YET = List.of();

  @TempDir static Path root;
  private static ServerProcess fixtureServer;
  private static final List<String> skipped = new ArrayList<>();

  record Block(Path page, int line, String lang, String text, String mark) {
    String where() {
      return page.getFileName() + ":" + line;
    }
  }

  @BeforeAll
  static void fixtures() throws Exception {
    PyArrow.require();
    Path launcher = root.resolve("datastream");
    List<String> cmd = ServerProcess.command(List.of("-Xmx4g"), List.of());
    StringBuilder script = new StringBuilder("#!/usr/bin/env bash\nexec");
    for (String part : cmd) {
      script.append(" '").append(part.replace("'", "'\\''")).append('\'');
    }
    Files.writeString(launcher, script.append(" \"$@\"\n").toString());
    Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwx------"));
    Files.createDirectories(root.resolve("data/in"));
    Files.createDirectories(root.resolve("tmp"));
    fixtureServer = ServerProcess.start(0, List.of());
    Path log = root.resolve("fixture.log");
    for (String c :
        List.of(
            "./datastream generate --rows 20000 --to file://" + root + "/data/orders",
            "./datastream copy --from file://"
                + root
                + "/data/orders --to flight://127.0.0.1:"
                + fixtureServer.port
                + "/orders")) {
      assertEquals(0, run(c, log), c + ":\n" + Files.readString(log));
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (fixtureServer != null) {
      fixtureServer.close();
    }
    System.out.println("DocSnippetTest: " + skipped.size() + " block(s) not run:");
    skipped.forEach(s -> System.out.println("  " + s));
  }

  @TestFactory
  Stream<DynamicTest> everyPage() throws IOException {
    Path repo = repoRoot();
    List<Path> pages = new ArrayList<>();
    pages.add(repo.resolve("README.md"));
    try (Stream<Path> docs = Files.list(repo.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    // -Ddocs.page=socket.md runs one page, for working on it.
    String only = System.getProperty("docs.page");
    if (only != null) {
      pages.removeIf(p -> !p.getFileName().toString().equals(only));
    }
    return pages.stream()
        .map(page -> DynamicTest.dynamicTest(page.getFileName().toString(), () -> runPage(page)));
  }

  private static void runPage(Path page) throws Exception {
    List<Block> blocks = blocks(page);
    if (NOT_YET.contains(page.getFileName().toString())) {
      blocks.forEach(b -> skipped.add(b.where() + ": page owned by another branch until merged"));
      return;
    }
    PageRun run = new PageRun(page);
    try {
      String previousPython = "";
      for (int i = 0; i < blocks.size(); i++) {
        Block b = blocks.get(i);
        System.out.println(
            "DocSnippetTest: "
                + b.where()
                + " "
                + b.lang
                + (b.mark.isEmpty() ? "" : " (" + b.mark + ")"));
        if (b.mark.startsWith("not run:")) {
          skipped.add(b.where() + ": " + b.mark.substring("not run:".length()).trim());
          continue;
        }
        String pythonPrefix = b.mark.equals("run: after the previous block") ? previousPython : "";
        if (b.mark.equals("run: with the next block")) {
          if (i + 1 >= blocks.size()) {
            fail(b.where() + " is marked to run with the next block, but none follows");
          }
          Block peer = blocks.get(++i);
          run.withListener(b, () -> run.block(peer, ""));
        } else if (!b.mark.isEmpty() && pythonPrefix.isEmpty()) {
          fail(b.where() + ": unknown marker '" + b.mark + "'");
        } else {
          run.block(b, pythonPrefix);
        }
        if (b.lang.equals("python")) {
          previousPython = pythonPrefix + b.text + "\n";
        }
      }
    } finally {
      run.close();
    }
  }

  /** The runnable blocks of a page (python, bash, sh) with the marker before each, if any. */
  static List<Block> blocks(Path page) throws IOException {
    List<String> lines = Files.readAllLines(page, StandardCharsets.UTF_8);
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher fence = FENCE.matcher(lines.get(i).strip());
      if (!fence.matches()) {
        continue;
      }
      int start = i;
      StringBuilder text = new StringBuilder();
      for (i++; i < lines.size() && !lines.get(i).strip().startsWith("```"); i++) {
        text.append(lines.get(i)).append('\n');
      }
      String lang = fence.group(1);
      if (!List.of("python", "bash", "sh").contains(lang)) {
        continue;
      }
      int before = start - 1;
      while (before >= 0 && lines.get(before).isBlank()) {
        before--;
      }
      Matcher mark = before >= 0 ? MARK.matcher(lines.get(before).strip()) : null;
      String m = mark != null && mark.matches() ? mark.group(1) + ": " + mark.group(2) : "";
      blocks.add(new Block(page, start + 1, lang, text.toString(), m));
    }
    return blocks;
  }

  /** One page's run: its substitutions, and the servers its blocks started, stopped at the end. */
  private static final class PageRun implements AutoCloseable {
    private final Path page;
    private final List<Process> background = new ArrayList<>();
    private int flightPort = fixtureServer.port;
    private final int socketPort;

    PageRun(Path page) throws IOException {
      this.page = page;
      socketPort = LoopbackPorts.next();
    }

    String substitute(String text) {
      String t =
          text.replace("127.0.0.1:8815", "127.0.0.1:" + flightPort)
              .replace("127.0.0.1:9000", "127.0.0.1:" + socketPort)
              .replace("(\"127.0.0.1\", 9000)", "(\"127.0.0.1\", " + socketPort + ")");
      return Pattern.compile("(?<![\\w.])(/data|/tmp|/var/lib)(?=/)")
          .matcher(t)
          .replaceAll(Matcher.quoteReplacement(root.toString()) + "$1");
    }

    void block(Block b, String pythonPrefix) throws Exception {
      if (b.lang.equals("python")) {
        Process p = PyArrow.start(substitute(pythonPrefix + b.text));
        try {
          if (!p.waitFor(180, TimeUnit.SECONDS)) {
            fail(b.where() + " did not finish within 180 s:\n" + PyArrow.stderr(p));
          }
          assertEquals(0, p.exitValue(), b.where() + " failed:\n" + PyArrow.stderr(p));
        } finally {
          p.destroyForcibly();
        }
        return;
      }
      for (String command : commands(b)) {
        if (command.startsWith("./datastream serve")) {
          serve(b, command);
        } else {
          Path log = root.resolve("command.log");
          int exit = run(substitute(command), log);
          assertEquals(
              0,
              exit,
              b.where() + ": " + command + " exited " + exit + ":\n" + Files.readString(log));
        }
      }
    }

    /** Starts {@code serve} on a free port; later 8815s on this page mean that server. */
    private void serve(Block b, String command) throws Exception {
      String c =
          command
              .replaceAll("--port \\d+", "--port 0")
              .replaceAll("--metrics-port \\d+", "--metrics-port 0");
      if (!c.contains("--port 0")) {
        c = c.replace("./datastream serve", "./datastream serve --port 0");
      }
      Path log = Files.createTempFile(root, "serve", ".log");
      Process p =
          new ProcessBuilder("bash", "-c", "exec " + substitute(c))
              .directory(root.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      background.add(p);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (System.nanoTime() < deadline) {
        Matcher m = ANNOUNCED.matcher(Files.readString(log));
        if (m.find()) {
          flightPort = Integer.parseInt(m.group(1));
          return;
        }
        if (!p.isAlive()) {
          break;
        }
        Thread.sleep(100);
      }
      fail(b.where() + ": " + command + " did not start serving:\n" + Files.readString(log));
    }

    /** Starts a listening block, runs its peer once the port listens, then stops the listener. */
    void withListener(Block listener, Peer peer) throws Exception {
      if (!listener.lang.equals("python")) {
        fail(listener.where() + ": only Python listeners can run with the next block");
      }
      Process p = PyArrow.start(substitute(listener.text));
      background.add(p);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!listening(socketPort)) {
        if (!p.isAlive() || System.nanoTime() > deadline) {
          fail(listener.where() + " did not listen on its port:\n" + PyArrow.stderr(p));
        }
        Thread.sleep(50);
      }
      peer.run();
      // A listener that serves one peer ends by itself; a loop that serves many is stopped here, so
      // the port is free for the page's next listener.
      if (p.waitFor(10, TimeUnit.SECONDS)) {
        assertEquals(0, p.exitValue(), listener.where() + " failed:\n" + PyArrow.stderr(p));
      } else {
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
        String err = PyArrow.stderr(p);
        assertTrue(err.isBlank(), listener.where() + " reported errors:\n" + err);
      }
    }

    @Override
    public void close() throws InterruptedException {
      for (Process p : background) {
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
      }
    }

    @Override
    public String toString() {
      return page.toString();
    }
  }

  interface Peer {
    void run() throws Exception;
  }

  /** The {@code ./datastream} commands of a shell block; anything else must be marked "not run". */
  /** mkdir, and printf into a file, alone or chained with && and in a umask subshell. */
  private static final Pattern PREPARES_FILES =
      Pattern.compile(
          "(?:(?:mkdir -p [^;|&$`]+|\\(umask 0?77 && printf '[^']*' > [^;|&$`)]+\\))(?: && |$))+");

  static List<String> commands(Block b) {
    List<String> commands = new ArrayList<>();
    String pending = "";
    for (String line : b.text.split("\n")) {
      String l = line.strip();
      if (l.endsWith("\\")) {
        pending += l.substring(0, l.length() - 1) + " ";
        continue;
      }
      l = pending + l;
      pending = "";
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      // Besides our commands, a block may prepare the files they read (a password file).
      if (!l.startsWith("./datastream ") && !PREPARES_FILES.matcher(l).matches()) {
        fail(
            b.where()
                + ": '"
                + l
                + "' is not a ./datastream command; mark the block <!-- not run: why -->");
      }
      commands.add(l);
    }
    return commands;
  }

  /** True once a TCP socket listens on this loopback port (read from /proc, without connecting). */
  static boolean listening(int port) throws IOException {
    String hexPort = String.format(":%04X ", port);
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      for (String line : Files.readAllLines(Path.of(table))) {
        String[] f = line.trim().split("\\s+");
        if (f.length > 3 && (f[1] + " ").endsWith(hexPort) && f[3].equals("0A")) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Runs a shell command in the test's root (where ./datastream is), bounded; returns its exit
   * code.
   */
  static int run(String command, Path log) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder("bash", "-c", command)
            .directory(root.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      if (!p.waitFor(300, TimeUnit.SECONDS)) {
        fail(command + " did not finish within 300 s:\n" + Files.readString(log));
      }
      return p.exitValue();
    } finally {
      p.destroyForcibly();
    }
  }

  private static Path repoRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null
        && !(Files.exists(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("docs")))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException(
          "no README.md and docs/ above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }
}

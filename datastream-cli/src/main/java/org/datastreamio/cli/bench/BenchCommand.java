package org.datastreamio.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.datastreamio.cli.DemoRows;
import org.datastreamio.cli.RunnerOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code datastream bench}: moves the same dataset with every contender in one process run,
 * alternating the order of contenders across rounds, and reports rows/s, MB/s of Arrow payload and
 * peak memory for each.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    header = "Measures every transport side by side on this machine.",
    description = {
      "Measures every transport side by side on this machine: raw Arrow Flight and IPC (no Beam),",
      "DataStreamIO's batch and row paths over Flight, socket and files, the runner's floors (the same pipelines",
      "without the IO), JSON over a socket, Beam's AvroIO and pyarrow's Flight, on the same dataset (the demo",
      "rows) in one run. Prints a table (\"x floor\": a contender's best seconds over its floor's; \"by",
      "round\": the median, lowest and highest of that multiple taken round by round, with two or more",
      "rounds; \"GC s\": the pauses of this JVM's garbage collector within the best round); --json and",
      "--chart write the figures. See docs/performance.md."
    })
public final class BenchCommand implements Callable<Integer> {
  @Option(
      names = "--rows",
      defaultValue = "200000",
      description =
          "Rows in the dataset (default: ${DEFAULT-VALUE}, about a minute per round on 2 busy cores).")
  long rows;

  @Option(
      names = "--batch-rows",
      defaultValue = "16384",
      description = "Rows per Arrow record batch (default: ${DEFAULT-VALUE}).")
  int batchRows;

  @Option(
      names = "--repeat",
      defaultValue = "1",
      description =
          "Rounds; each round runs every contender once, in turn (every second timed round in "
              + "reverse order, so no contender always runs after the others have warmed up the "
              + "JVM), and the best round counts (default: ${DEFAULT-VALUE}).")
  int repeat;

  @Option(
      names = "--warmup",
      defaultValue = "0",
      description =
          "Untimed rounds before the timed ones, so the JIT has compiled Beam, Arrow and gRPC first "
              + "(default: ${DEFAULT-VALUE}, as before: the best of --repeat rounds counts).")
  int warmup;

  @Option(
      names = "--only",
      split = ",",
      paramLabel = "NAME",
      description =
          "Run only these contenders (comma-separated). Default: all. Names: raw_flight, raw_ipc_socket, "
              + "dsio_{flight,socket,file}_{batches,rows}, beam_floor_{batches,rows}, json_socket_rows, avroio_rows, pyarrow_flight.")
  List<String> only;

  @Option(
      names = "--json",
      paramLabel = "PATH",
      description = "Also write the figures as JSON here.")
  Path json;

  @Option(
      names = "--chart",
      paramLabel = "PATH",
      description = "Also draw MB/s per contender as a PNG here.")
  Path chart;

  @Option(names = "--markdown", description = "Also print the table as Markdown.")
  boolean markdown;

  @Option(
      names = "--work-dir",
      paramLabel = "DIR",
      description =
          "Scratch directory for file contenders (default: a temporary one, removed at the end).")
  Path workDir;

  @Mixin RunnerOptions runner;

  @Override
  public Integer call() throws Exception {
    if (rows < 1 || batchRows < 1 || repeat < 1) {
      throw new IllegalArgumentException("--rows, --batch-rows and --repeat must be at least 1");
    }
    if (warmup < 0) {
      throw new IllegalArgumentException("--warmup must be 0 or more, got " + warmup);
    }
    List<Contender> contenders = selected();
    Path scratch =
        workDir != null
            ? Files.createDirectories(workDir)
            : Files.createTempDirectory("datastream-bench");
    System.out.printf(
        Locale.ROOT,
        "datastream bench: %,d rows (demo schema), %d-row batches, runner %s, %d round(s)%s, "
            + "%d cores, load average %.1f%n",
        rows,
        batchRows,
        runner.runner,
        repeat,
        warmup == 0 ? "" : " after " + warmup + " untimed",
        Runtime.getRuntime().availableProcessors(),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    Map<String, BenchResult> best = new LinkedHashMap<>();
    // A contender that fails is reported, not fatal: the others' figures of the same run still
    // count.
    Map<String, String> failed = new LinkedHashMap<>();
    try (BenchData data = new BenchData(rows, batchRows)) {
      System.out.printf(
          Locale.ROOT,
          "dataset: %,d batches, %.1f MB of Arrow payload%n",
          data.batches.size(),
          data.payloadBytes / 1e6);
      for (int round = 1 - warmup; round <= repeat; round++) {
        String label = round < 1 ? "warm-up " + (round + warmup) : "round " + round;
        for (Contender c : inTurn(contenders, round)) {
          if (failed.containsKey(c.name())) {
            continue;
          }
          try {
            BenchResult r = runOne(c, data, scratch);
            System.err.printf(
                Locale.ROOT,
                "  %s %-22s %.2f s%s%n",
                label,
                c.name(),
                r.seconds,
                Double.isNaN(r.gcSeconds)
                    ? ""
                    : String.format(Locale.ROOT, " (GC %.2f s)", r.gcSeconds));
            if (round >= 1) {
              best.merge(c.name(), r, BenchResult::withLaterRound);
            }
          } catch (Exception e) {
            failed.put(c.name(), String.valueOf(e.getMessage()));
            best.remove(c.name());
            System.err.printf(
                Locale.ROOT, "  %s %-22s FAILED: %s%n", label, c.name(), e.getMessage());
          }
        }
      }
    } finally {
      if (workDir == null) {
        deleteTree(scratch);
      }
    }
    List<BenchResult> results = new ArrayList<>(best.values());
    BenchReport.printTable(results, System.out);
    failed.forEach((name, why) -> System.out.println(name + " FAILED: " + why));
    if (markdown) {
      BenchReport.printMarkdown(results, System.out);
    }
    if (json != null) {
      ObjectNode meta = meta();
      if (!failed.isEmpty()) {
        ObjectNode failures = meta.putObject("failed");
        failed.forEach(failures::put);
      }
      BenchReport.writeJson(BenchReport.json(results, meta), json);
      System.out.println("JSON: " + json);
    }
    if (chart != null) {
      BenchChart.write(
          results,
          chart,
          String.format(Locale.ROOT, "datastream bench: %,d rows, MB/s of Arrow payload", rows));
      System.out.println("chart: " + chart);
    }
    if (!failed.isEmpty()) {
      System.err.println(
          "datastream bench: "
              + failed.size()
              + " contender(s) failed: "
              + String.join(", ", failed.keySet()));
      return 1;
    }
    return 0;
  }

  private BenchResult runOne(Contender c, BenchData data, Path scratch) throws Exception {
    System.gc();
    BenchRun run = new BenchRun(data, scratch, runner);
    long received;
    double peak;
    double arrowPeak;
    try (PeakMemory memory = new PeakMemory()) {
      received = c.run(run);
      peak = run.peakMb(memory.peakMb());
      arrowPeak = memory.arrowPeakMb();
    }
    double seconds = run.measuredSeconds();
    double cpuSeconds = run.measuredCpuSeconds();
    double gcSeconds = run.measuredGcSeconds();
    if (received != data.rows) {
      throw new IllegalStateException(
          c.name() + " moved " + received + " rows, expected " + data.rows);
    }
    return new BenchResult(
        c.name(),
        c.description(),
        received,
        data.payloadBytes / 1e6,
        seconds,
        peak,
        arrowPeak,
        cpuSeconds,
        gcSeconds,
        List.of(seconds));
  }

  /**
   * The order of one round: the table's, reversed in every second timed round. Contenders share the
   * JVM's warm-up (the runner, the row code, gRPC), so whoever runs later runs warmer; with two or
   * more rounds each contender's best comes from an early and a late place alike.
   */
  static List<Contender> inTurn(List<Contender> contenders, int round) {
    if (round < 1 || round % 2 == 1) {
      return contenders;
    }
    List<Contender> reversed = new ArrayList<>(contenders);
    Collections.reverse(reversed);
    return reversed;
  }

  private List<Contender> selected() {
    Map<String, Contender> all = Contenders.all();
    if (only == null || only.isEmpty()) {
      List<Contender> available = new ArrayList<>();
      for (Contender c : all.values()) {
        if (c.unavailable().isEmpty()) {
          available.add(c);
        } else {
          System.out.println("skipping " + c.name() + ": " + c.unavailable());
        }
      }
      return available;
    }
    List<Contender> chosen = new ArrayList<>();
    for (String name : only) {
      Contender c = all.get(name.trim());
      if (c == null) {
        throw new IllegalArgumentException(
            "--only: no contender named '" + name + "'. Known: " + String.join(", ", all.keySet()));
      }
      if (!c.unavailable().isEmpty()) {
        throw new IllegalArgumentException(
            "--only: " + c.name() + " cannot run here: " + c.unavailable());
      }
      chosen.add(c);
    }
    return chosen;
  }

  private ObjectNode meta() {
    ObjectNode m = new ObjectMapper().createObjectNode();
    m.put("rows", rows);
    m.put("batch_rows", batchRows);
    m.put("rounds", repeat);
    m.put("warmup_rounds", warmup);
    m.put("runner", runner.runner);
    m.put("cores", Runtime.getRuntime().availableProcessors());
    m.put("load_average", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    m.put("java", System.getProperty("java.version"));
    m.put("max_heap_mb", Runtime.getRuntime().maxMemory() / 1_000_000);
    m.put("schema", DemoRows.SCHEMA.getFieldNames().toString());
    m.put("finished", Instant.now().toString());
    return m;
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
        Files.deleteIfExists(p);
      }
    } catch (Exception e) {
      System.err.println("could not remove " + dir + ": " + e.getMessage());
    }
  }
}

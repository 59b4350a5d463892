package org.datastreamio.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.datastreamio.arrow.ArrowMemory;
import org.datastreamio.spi.BatchSource;
import org.datastreamio.spi.Partition;
import org.datastreamio.spi.StreamConfig;
import org.datastreamio.spi.Transport;
import org.datastreamio.spi.Transports;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code datastream cat}: prints a stream's rows, reading its partitions in order (no pipeline).
 */
@Command(
    name = "cat",
    mixinStandardHelpOptions = true,
    description = "Prints the rows of a stream.")
final class CatCommand implements Callable<Integer> {
  enum Format {
    table,
    csv,
    json
  }

  @Option(
      names = "--from",
      required = true,
      paramLabel = "URI",
      description = "The stream to print.")
  String from;

  @Option(names = "--limit", paramLabel = "N", description = "Print at most N rows (default: all).")
  Long limit;

  @Option(
      names = "--beam-option",
      paramLabel = "--NAME=VALUE",
      description =
          "A Beam pipeline option for the file systems, e.g. --beam-option=--awsRegion=eu-west-1 (repeatable).")
  List<String> beamOptions = new ArrayList<>();

  @Option(
      names = "--format",
      defaultValue = "table",
      description = "table (default), csv or json (one object per line).")
  Format format;

  private static final int TABLE_PAGE = 200;
  private static final int MAX_CELL = 48;

  @Override
  public Integer call() throws Exception {
    if (limit != null && limit < 0) {
      throw new IllegalArgumentException(
          "--limit must be 0 or more, got " + limit + " (leave it out to print every row)");
    }
    // Outside a pipeline nobody registers Beam's file systems (s3://, hdfs://, gs://): cat does it
    // itself.
    List<String> args = new ArrayList<>(beamOptions);
    args.addAll(S3RegionDefault.options(beamOptions, List.of(from)));
    FileSystems.setDefaultPipelineOptions(
        PipelineOptionsFactory.fromArgs(args.toArray(new String[0])).create());
    StreamConfig config = StreamConfig.parse(from);
    Transport transport = Transports.forConfig(config);
    PrintStream out = System.out;
    ObjectMapper json = new ObjectMapper();
    long printed = 0;
    List<Map<String, Object>> page = new ArrayList<>();
    List<String> header = null;
    int[] widths = null;
    try (BufferAllocator allocator = ArrowMemory.newChild("datastream-cat")) {
      outer:
      for (Partition partition : transport.listPartitions(config, allocator)) {
        try (BatchSource source = transport.openSource(config, partition, 0, allocator)) {
          while (source.next()) {
            VectorSchemaRoot root = source.root();
            if (header == null) {
              header = new ArrayList<>();
              for (Field f : root.getSchema().getFields()) {
                header.add(f.getName());
              }
              if (format == Format.csv) {
                out.println(csvLine(new ArrayList<>(header)));
              }
            }
            for (int i = 0; i < root.getRowCount(); i++) {
              if (limit != null && printed >= limit) {
                break outer;
              }
              Map<String, Object> row = CellValues.row(root, i);
              printed++;
              switch (format) {
                case json:
                  out.println(json.writeValueAsString(row));
                  break;
                case csv:
                  out.println(csvLine(new ArrayList<>(row.values())));
                  break;
                default:
                  page.add(row);
                  if (page.size() == TABLE_PAGE) {
                    widths = printTable(out, header, page, widths);
                    page.clear();
                  }
              }
            }
          }
        }
      }
    }
    if (format == Format.table) {
      if (header == null) {
        System.err.println("(no rows)");
      } else {
        printTable(out, header, page, widths);
        System.err.println("(" + printed + " rows)");
      }
    }
    out.flush();
    return 0;
  }

  /** Prints a page; the first page fixes the column widths and prints the header. */
  private static int[] printTable(
      PrintStream out, List<String> header, List<Map<String, Object>> rows, int[] widths) {
    boolean first = widths == null;
    if (first) {
      widths = new int[header.size()];
      for (int c = 0; c < header.size(); c++) {
        widths[c] = Math.min(MAX_CELL, header.get(c).length());
      }
      for (Map<String, Object> row : rows) {
        int c = 0;
        for (Object v : row.values()) {
          widths[c] = Math.min(MAX_CELL, Math.max(widths[c], cell(v).length()));
          c++;
        }
      }
      out.println(line(new ArrayList<>(header), widths));
      StringBuilder rule = new StringBuilder();
      for (int w : widths) {
        rule.append(rule.length() == 0 ? "" : "-+-").append("-".repeat(w));
      }
      out.println(rule);
    }
    for (Map<String, Object> row : rows) {
      out.println(line(new ArrayList<>(row.values()), widths));
    }
    return widths;
  }

  private static String line(List<Object> values, int[] widths) {
    StringBuilder sb = new StringBuilder();
    for (int c = 0; c < values.size(); c++) {
      String s = cell(values.get(c));
      if (s.length() > widths[c]) {
        s = s.substring(0, widths[c] - 1) + "…";
      }
      sb.append(c == 0 ? "" : " | ").append(s).append(" ".repeat(widths[c] - s.length()));
    }
    return sb.toString().stripTrailing();
  }

  private static String cell(Object v) {
    return v == null ? "null" : v.toString().replace('\n', ' ');
  }

  private static String csvLine(List<Object> values) {
    StringBuilder sb = new StringBuilder();
    for (int c = 0; c < values.size(); c++) {
      if (c > 0) {
        sb.append(',');
      }
      Object v = values.get(c);
      if (v == null) {
        continue;
      }
      String s = v.toString();
      if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
        s = "\"" + s.replace("\"", "\"\"") + "\"";
      }
      sb.append(s);
    }
    return sb.toString();
  }
}

package org.datastreamio.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code datastream} command. */
@Command(
    name = "datastream",
    mixinStandardHelpOptions = true,
    versionProvider = DataStreamCli.Version.class,
    description = "Move rows between pipelines, processes and machines as Apache Arrow.",
    subcommands = {
      DemoCommand.class,
      GenerateCommand.class,
      CopyCommand.class,
      CatCommand.class,
      ServeCommand.class,
      LsCommand.class,
      DropCommand.class,
      StatsCommand.class,
      TtlCommand.class,
      org.datastreamio.cli.bench.BenchCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Streams are URIs: file:///dir, s3://bucket/prefix, hdfs://host:port/dir (Arrow IPC files),",
      "flight://host:port/name (Arrow Flight), socket://host:port, unix:///path.sock (Arrow IPC over sockets).",
      "See docs/configuration.md for every parameter."
    })
public final class DataStreamCli implements Runnable {
  @Option(
      names = "--verbose",
      scope = CommandLine.ScopeType.INHERIT,
      description = "Print stack traces and Beam's log.")
  boolean verbose;

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs a command line and returns its exit code (0 = success). */
  public static int execute(String... args) {
    boolean verbose = java.util.Arrays.asList(args).contains("--verbose");
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "info" : "warn");
      // The one line a listening read logs when it listens: writers started before it are refused.
      System.setProperty(
          "org.slf4j.simpleLogger.log.org.datastreamio.socket.ListeningSource", "info");
    }
    CommandLine cli = new CommandLine(new DataStreamCli());
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          PrintWriter err = commandLine.getErr();
          err.println("datastream " + commandLine.getCommandName() + ": error: " + oneLine(e));
          if (verbose) {
            e.printStackTrace(err);
          } else {
            err.println("(run with --verbose for details)");
          }
          err.flush();
          return 1;
        });
    return cli.execute(args);
  }

  /** The innermost message that says something, on one line. */
  static String oneLine(Throwable e) {
    Throwable best = e;
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c.getMessage() != null && !c.getMessage().isBlank()) {
        best = c;
        if (!(c instanceof RuntimeException)
            || c.getClass().getName().startsWith("org.datastreamio")
            || c instanceof IllegalArgumentException
            || c instanceof java.io.UncheckedIOException) {
          break;
        }
      }
    }
    String message = best.getMessage() == null ? best.toString() : best.getMessage();
    return message.replaceAll("\\s*\\n\\s*", " | ");
  }

  /** The version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = DataStreamCli.class.getPackage().getImplementationVersion();
      return new String[] {"datastream " + (v == null ? "(development build)" : v)};
    }
  }
}

package org.datastreamio.hop.transforms;

import java.util.List;
import org.apache.hop.core.CheckResult;
import org.apache.hop.core.ICheckResult;
import org.apache.hop.core.exception.HopException;
import org.apache.hop.core.variables.IVariables;
import org.apache.hop.metadata.api.IHopMetadataProvider;
import org.apache.hop.pipeline.transform.TransformMeta;
import org.datastreamio.hop.metadata.DataStream;
import org.datastreamio.hop.metadata.DataStreamLookup;
import org.datastreamio.spi.StreamConfig;
import org.datastreamio.spi.Transports;

/**
 * The remarks both transforms give Hop's pipeline check (the GUI's check dialog, hop-run's checks)
 * about their Data Stream: it is selected, exists, can be read (an unknown implementation fails
 * there), allows the direction, and has every setting its implementation needs. Opens no
 * connection.
 */
public final class DataStreamChecks {
  private DataStreamChecks() {}

  /** Adds the remarks; returns the usable Data Stream, or null after an error remark. */
  public static DataStream checkDataStream(
      List<ICheckResult> remarks,
      TransformMeta transformMeta,
      String dataStreamName,
      IVariables variables,
      IHopMetadataProvider provider,
      boolean writing) {
    String transform = transformMeta.getName();
    DataStream stream;
    try {
      stream = DataStreamLookup.load(provider, dataStreamName, variables, transform);
    } catch (Exception e) {
      error(remarks, transformMeta, loadProblem(e, variables.resolve(dataStreamName)));
      return null;
    }
    String wrongDirection = DataStreamConnection.directionProblem(stream, transform, writing);
    if (wrongDirection != null) {
      error(remarks, transformMeta, wrongDirection);
      return null;
    }
    StreamConfig config;
    try {
      config = stream.toStreamConfig(variables);
      stream.memoryLimitBytes(variables);
      Transports.forConfig(config);
    } catch (IllegalArgumentException e) {
      error(remarks, transformMeta, e.getMessage());
      return null;
    } catch (LinkageError e) {
      error(
          remarks,
          transformMeta,
          "Data Stream '" + stream.getName() + "': " + RuntimeProblems.explain(e));
      return null;
    }
    ok(
        remarks,
        transformMeta,
        "Data Stream '"
            + stream.getName()
            + "' ("
            + stream.getImplementation().pluginId()
            + ", "
            + config.location()
            + ") exists and has the settings it needs");
    return stream;
  }

  /**
   * What went wrong loading the Data Stream. Hop's serializer wraps the reason (such as an
   * implementation id no plugin provides) in a layer per level of the JSON; the innermost says it.
   */
  private static String loadProblem(Exception e, String name) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String reason =
        (root instanceof HopException
                ? ((HopException) root).getSuperMessage()
                : String.valueOf(root.getMessage()))
            .strip();
    return root == e ? reason : "Data Stream '" + name + "' cannot be loaded: " + reason;
  }

  public static void error(List<ICheckResult> remarks, TransformMeta transformMeta, String text) {
    remarks.add(new CheckResult(ICheckResult.TYPE_RESULT_ERROR, text, transformMeta));
  }

  public static void warning(List<ICheckResult> remarks, TransformMeta transformMeta, String text) {
    remarks.add(new CheckResult(ICheckResult.TYPE_RESULT_WARNING, text, transformMeta));
  }

  public static void ok(List<ICheckResult> remarks, TransformMeta transformMeta, String text) {
    remarks.add(new CheckResult(ICheckResult.TYPE_RESULT_OK, text, transformMeta));
  }
}

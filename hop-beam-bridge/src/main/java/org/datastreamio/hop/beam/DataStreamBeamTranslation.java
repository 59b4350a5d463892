package org.datastreamio.hop.beam;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.hop.core.exception.HopException;
import org.apache.hop.core.variables.IVariables;
import org.apache.hop.core.variables.Variables;
import org.datastreamio.beam.DataStreamIO;
import org.datastreamio.beam.WriteResult;
import org.datastreamio.hop.metadata.DataStream;
import org.datastreamio.hop.metadata.DataStreamJson;
import org.datastreamio.hop.rows.HopRowLayout;
import org.datastreamio.spi.StreamConfig;

/**
 * Turns a Data Stream Input or Output transform into native DataStreamIO transforms on Beam Rows,
 * instead of Hop's generic row-by-row wrapper. Built from the Data Stream's metadata JSON (as Hop's
 * serializer writes it), the variables of the run and the Hop row layout; it needs no Hop engine,
 * so it is tested on the Direct and Flink runners directly. The Beam engine adapter only maps Hop's
 * {@code HopRow} to and from the {@code Object[]} rows used here.
 *
 * <p>The stream description is resolved once, where the pipeline is built; DataStreamIO then
 * carries it (secrets included, never printed) to every worker, where each DoFn opens its own
 * connection. So Spark or Flink executors need neither the Hop metadata nor Hop's plugin registry.
 */
public final class DataStreamBeamTranslation implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String dataStreamName;
  private final StreamConfig config;
  private final HopRowLayout layout;
  private final Schema beamSchema;

  private DataStreamBeamTranslation(
      String dataStreamName, StreamConfig config, HopRowLayout layout) {
    this.dataStreamName = dataStreamName;
    this.config = config;
    this.layout = layout;
    this.beamSchema = HopBeamRows.beamSchema(layout);
  }

  /**
   * @param dataStreamJson the Data Stream element as Hop's JSON serializer writes it
   * @param variables the run's variables (${PORT} and the like resolve here)
   * @param layout the Hop row layout the transform writes or reads
   */
  public static DataStreamBeamTranslation of(
      String dataStreamJson, Map<String, String> variables, HopRowLayout layout)
      throws HopException {
    IVariables vars = new Variables();
    variables.forEach(vars::setVariable);
    return of(DataStreamJson.fromJson(dataStreamJson), vars, layout);
  }

  public static DataStreamBeamTranslation of(
      DataStream stream, IVariables variables, HopRowLayout layout) throws HopException {
    try {
      return new DataStreamBeamTranslation(
          stream.getName(), stream.toStreamConfig(variables), layout);
    } catch (IllegalArgumentException e) {
      throw new HopException(e.getMessage(), e);
    }
  }

  /** Convenience for adapters holding variables as a map. */
  public static Map<String, String> variablesOf(IVariables variables) {
    Map<String, String> out = new TreeMap<>();
    for (String name : variables.getVariableNames()) {
      out.put(name, variables.getVariable(name));
    }
    return out;
  }

  public Schema beamSchema() {
    return beamSchema;
  }

  public HopRowLayout layout() {
    return layout;
  }

  public String dataStreamName() {
    return dataStreamName;
  }

  /**
   * Data Stream Output: Beam Rows of {@link #beamSchema()} (see {@link #hopToBeam()}) to the
   * stream, through DataStreamIO's write (staged parts, one commit).
   */
  public PTransform<? super PCollection<Row>, WriteResult> write() {
    return DataStreamIO.write().to(config);
  }

  /** Data Stream Input: the stream's rows as Beam Rows of {@link #beamSchema()}. */
  public PTransform<PBegin, PCollection<Row>> read() {
    return DataStreamIO.read().from(config).withSchema(beamSchema);
  }

  /** Hop row (normal storage) to a Beam Row of {@link #beamSchema()}. */
  public SerializableFunction<Object[], Row> hopToBeam() {
    HopRowLayout l = layout;
    Schema s = beamSchema;
    return row -> HopBeamRows.toBeamRow(row, l, s);
  }

  /** Beam Row to a Hop row of the layout. */
  public SerializableFunction<Row, Object[]> beamToHop() {
    HopRowLayout l = layout;
    return row -> HopBeamRows.toHopRow(row, l);
  }
}

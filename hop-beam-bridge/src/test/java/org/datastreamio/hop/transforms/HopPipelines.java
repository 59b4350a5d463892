package org.datastreamio.hop.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.hop.core.encryption.Encr;
import org.apache.hop.core.exception.HopException;
import org.apache.hop.core.logging.LoggingObject;
import org.apache.hop.core.row.IRowMeta;
import org.apache.hop.core.row.IValueMeta;
import org.apache.hop.core.variables.IVariables;
import org.apache.hop.core.variables.Variables;
import org.apache.hop.metadata.api.IHopMetadataProvider;
import org.apache.hop.metadata.serializer.json.JsonMetadataProvider;
import org.apache.hop.pipeline.PipelineHopMeta;
import org.apache.hop.pipeline.PipelineMeta;
import org.apache.hop.pipeline.RowProducer;
import org.apache.hop.pipeline.engines.local.LocalPipelineEngine;
import org.apache.hop.pipeline.transform.ITransform;
import org.apache.hop.pipeline.transform.RowAdapter;
import org.apache.hop.pipeline.transform.TransformMeta;
import org.apache.hop.pipeline.transforms.dummy.DummyMeta;
import org.apache.hop.pipeline.transforms.injector.InjectorField;
import org.apache.hop.pipeline.transforms.injector.InjectorMeta;
import org.datastreamio.hop.transforms.input.DataStreamInputMeta;
import org.datastreamio.hop.transforms.output.DataStreamOutputMeta;

/**
 * Builds, loads and runs small Hop pipelines on the local engine: rows in through an Injector, out
 * through a Dummy.
 */
public final class HopPipelines {
  private HopPipelines() {}

  public static final String ROWS = "rows";
  public static final String OUT = "Data Stream Output";
  public static final String IN = "Data Stream Input";
  public static final String COLLECT = "collect";

  /** A Hop project folder's metadata provider: {@code <project>/metadata/<type>/<name>.json}. */
  public static JsonMetadataProvider project(Path projectFolder) {
    return new JsonMetadataProvider(
        Encr.getEncoder(),
        projectFolder.resolve("metadata").toString(),
        Variables.getADefaultVariableSpace());
  }

  /** rows (Injector, declaring the layout) -> Data Stream Output. */
  public static PipelineMeta writer(String dataStream, IRowMeta layout, int copies) {
    PipelineMeta pipeline = new PipelineMeta();
    pipeline.setName("write-" + dataStream);
    InjectorMeta injector = new InjectorMeta();
    List<InjectorField> fields = new ArrayList<>();
    for (IValueMeta v : layout.getValueMetaList()) {
      fields.add(
          new InjectorField(
              v.getName(),
              v.getTypeDesc(),
              Integer.toString(v.getLength()),
              Integer.toString(v.getPrecision())));
    }
    injector.setInjectorFields(fields);
    TransformMeta rows = new TransformMeta(ROWS, injector);
    DataStreamOutputMeta outputMeta = new DataStreamOutputMeta();
    outputMeta.setDataStreamName(dataStream);
    TransformMeta out = new TransformMeta(OUT, outputMeta);
    out.setCopies(copies);
    pipeline.addTransform(rows);
    pipeline.addTransform(out);
    pipeline.addPipelineHop(new PipelineHopMeta(rows, out));
    return pipeline;
  }

  /** Data Stream Input -> collect (Dummy). */
  public static PipelineMeta reader(String dataStream, int copies) {
    PipelineMeta pipeline = new PipelineMeta();
    pipeline.setName("read-" + dataStream);
    DataStreamInputMeta inputMeta = new DataStreamInputMeta();
    inputMeta.setDataStreamName(dataStream);
    TransformMeta in = new TransformMeta(IN, inputMeta);
    in.setCopies(copies);
    TransformMeta collect = new TransformMeta(COLLECT, new DummyMeta());
    pipeline.addTransform(in);
    pipeline.addTransform(collect);
    pipeline.addPipelineHop(new PipelineHopMeta(in, collect));
    return pipeline;
  }

  public static PipelineMeta load(Path hpl, IHopMetadataProvider provider, IVariables variables)
      throws HopException {
    return new PipelineMeta(hpl.toString(), provider, variables);
  }

  private static LocalPipelineEngine engine(
      PipelineMeta meta, IHopMetadataProvider provider, IVariables variables) {
    LocalPipelineEngine engine =
        new LocalPipelineEngine(meta, variables, new LoggingObject("datastream-test"));
    engine.setMetadataProvider(provider);
    return engine;
  }

  /** The writer pipeline of the test projects: Data Stream Output fed by injected rows. */
  static final String PROJECT_WRITER = "pipelines/write-data-stream.hpl";

  /** Runs the project's writer pipeline on the rows and fails, naming it, if it had errors. */
  public static void writeWithProjectWriter(
      Path project,
      IHopMetadataProvider provider,
      IVariables variables,
      IRowMeta layout,
      Iterable<Object[]> rows)
      throws HopException {
    assertNoErrors(
        runProjectWriter(project, provider, variables, layout, rows).getErrors(),
        "Hop writer (" + PROJECT_WRITER + ")");
  }

  /** Runs the project's writer pipeline on the rows; the finished engine, with errors or not. */
  public static LocalPipelineEngine runProjectWriter(
      Path project,
      IHopMetadataProvider provider,
      IVariables variables,
      IRowMeta layout,
      Iterable<Object[]> rows)
      throws HopException {
    return write(
        load(project.resolve(PROJECT_WRITER), provider, variables),
        provider,
        variables,
        layout,
        rows,
        started -> {});
  }

  /** Runs a writer pipeline, injecting the rows; returns the pipeline's error count. */
  public static int write(
      PipelineMeta meta,
      IHopMetadataProvider provider,
      IVariables variables,
      IRowMeta layout,
      Iterable<Object[]> rows)
      throws HopException {
    return write(meta, provider, variables, layout, rows, engine -> {}).getErrors();
  }

  /**
   * Runs a writer pipeline, injecting the rows; {@code beforeStart} may add row listeners. Returns
   * the finished engine.
   */
  public static LocalPipelineEngine write(
      PipelineMeta meta,
      IHopMetadataProvider provider,
      IVariables variables,
      IRowMeta layout,
      Iterable<Object[]> rows,
      java.util.function.Consumer<LocalPipelineEngine> beforeStart)
      throws HopException {
    LocalPipelineEngine engine = engine(meta, provider, variables);
    engine.prepareExecution();
    RowProducer producer = engine.addRowProducer(ROWS, 0);
    beforeStart.accept(engine);
    engine.startThreads();
    for (Object[] row : rows) {
      if (engine.getErrors() > 0) {
        break;
      }
      while (!producer.putRowWait(layout, row, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
        if (engine.getErrors() > 0 || engine.isFinished()) {
          break;
        }
      }
    }
    producer.finished();
    engine.waitUntilFinished();
    return engine;
  }

  /** Collects the rows a transform (copy 0) passes on, with their layout in {@code layout[0]}. */
  public static List<Object[]> collect(
      LocalPipelineEngine engine, String transform, IRowMeta[] layout) {
    List<Object[]> rows = Collections.synchronizedList(new ArrayList<>());
    ITransform copy = (ITransform) engine.getComponentCopies(transform).get(0);
    copy.addRowListener(
        new RowAdapter() {
          @Override
          public void rowWrittenEvent(IRowMeta rowMeta, Object[] row) {
            layout[0] = rowMeta;
            rows.add(row);
          }
        });
    return rows;
  }

  /** A transform's copy after a run, for its counters (lines input, output, rejected, ...). */
  public static ITransform copy(LocalPipelineEngine engine, String transform, int copy) {
    return (ITransform) engine.getComponentCopies(transform).get(copy);
  }

  /** The result of running a reader pipeline. */
  public static final class ReadResult {
    public final List<Object[]> rows;
    public final IRowMeta rowMeta;
    public final int errors;
    public final String log;

    /** The finished run, for the transforms' counters. */
    public final LocalPipelineEngine engine;

    ReadResult(
        List<Object[]> rows, IRowMeta rowMeta, int errors, String log, LocalPipelineEngine engine) {
      this.rows = rows;
      this.rowMeta = rowMeta;
      this.errors = errors;
      this.log = log;
      this.engine = engine;
    }
  }

  public static ReadResult read(
      PipelineMeta meta, IHopMetadataProvider provider, IVariables variables) throws HopException {
    return read(meta, provider, variables, engine -> {});
  }

  /** Runs a reader pipeline; {@code started} gets the engine first, so a test can stop it. */
  public static ReadResult read(
      PipelineMeta meta,
      IHopMetadataProvider provider,
      IVariables variables,
      java.util.function.Consumer<LocalPipelineEngine> started)
      throws HopException {
    LocalPipelineEngine engine = engine(meta, provider, variables);
    engine.prepareExecution();
    IRowMeta[] layout = new IRowMeta[1];
    List<Object[]> rows = collect(engine, COLLECT, layout);
    started.accept(engine);
    engine.startThreads();
    engine.waitUntilFinished();
    return new ReadResult(rows, layout[0], engine.getErrors(), log(engine), engine);
  }

  /**
   * What this pipeline and its transforms logged: its own lines of Hop's JVM-wide log buffer, not
   * those of pipelines other tests ran.
   */
  public static String log(LocalPipelineEngine engine) {
    return org.apache.hop.core.logging.HopLogStore.getAppender()
        .getBuffer(engine.getLogChannelId(), true)
        .toString();
  }

  public static void assertNoErrors(int errors, String what) {
    assertEquals(0, errors, what + " had errors; see the test output for Hop's log");
  }
}

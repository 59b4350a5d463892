package org.datastreamio.testing;

import java.io.IOException;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real storage service started on loopback for a test class ({@link MiniHdfs}, {@link
 * LoopbackS3}): where its files live, the Beam options that reach it, and an independent listing of
 * what a client of that service sees.
 *
 * <p>As a JUnit 5 extension it starts before the first test of a class and stops after the last:
 * {@code @RegisterExtension static final MiniHdfs HDFS = new MiniHdfs();}. Outside JUnit, call
 * {@link #start()} and close it.
 */
public interface LoopbackStorage extends BeforeAllCallback, AfterAllCallback, AutoCloseable {

  /** Starts the service on 127.0.0.1; does nothing if it runs already. */
  LoopbackStorage start() throws Exception;

  @Override
  default void beforeAll(ExtensionContext context) throws Exception {
    start();
  }

  @Override
  default void afterAll(ExtensionContext context) throws Exception {
    close();
  }

  /**
   * The root URI under which tests may create files, ending in '/', e.g. {@code
   * hdfs://127.0.0.1:PORT/}.
   */
  String root();

  /**
   * Fresh pipeline options (Direct runner) that carry this service's client configuration, for
   * pipelines and for {@link FileSystems#setDefaultPipelineOptions}.
   */
  PipelineOptions pipelineOptions();

  /**
   * Points Beam's {@link FileSystems} at this service, as a runner does with {@link
   * #pipelineOptions()}.
   */
  default void registerFileSystems() {
    FileSystems.setDefaultPipelineOptions(pipelineOptions());
  }

  /**
   * Every file (object) visible under a URI prefix, recursively, as full URIs in sorted order,
   * listed with the service's own client rather than Beam, so tests can check what a reader would
   * see.
   */
  List<String> listFiles(String uriPrefix) throws IOException;
}

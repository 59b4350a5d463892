package org.datastreamio.testing;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.aws2.options.S3Options;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An S3-compatible server (S3Proxy over jclouds' in-memory blobstore) on 127.0.0.1 with a free
 * port, with SigV4 authentication and one bucket. Register once per test class with
 * {@code @RegisterExtension static final LoopbackS3 S3 = new LoopbackS3();}, or use it as an
 * AutoCloseable after {@link #start()}. The credentials are per-run dummies and are never printed.
 */
public final class LoopbackS3 implements LoopbackStorage {
  public static final String BUCKET = "datastream-test";
  private static final Region REGION = Region.US_EAST_1;

  private final String accessKey = "test-" + UUID.randomUUID().toString().substring(0, 8);
  private final String secretKey = UUID.randomUUID().toString();
  private BlobStoreContext blobs;
  private S3Proxy proxy;
  private S3Client client;
  private URI endpoint;

  @Override
  public synchronized LoopbackS3 start() throws Exception {
    if (proxy != null) {
      return this;
    }
    try {
      // The blobstore behind the proxy: in memory, gone when the context closes.
      blobs =
          ContextBuilder.newBuilder("transient")
              .credentials("unused", "unused")
              .build(BlobStoreContext.class);
      blobs.getBlobStore().createContainerInLocation(null, BUCKET);
      proxy =
          S3Proxy.builder()
              .blobStore(blobs.getBlobStore())
              .endpoint(URI.create("http://127.0.0.1:0"))
              .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
              // Beam always sends x-amz-server-side-encryption-bucket-key-enabled, which AWS
              // accepts and
              // S3Proxy would otherwise reject as unknown (501).
              .ignoreUnknownHeaders(true)
              .build();
      proxy.start();
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (!"STARTED".equals(proxy.getState())) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "S3Proxy did not start on 127.0.0.1 within 30 s (state " + proxy.getState() + ")");
        }
        Thread.sleep(10);
      }
      endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
      client =
          new PathStyleS3ClientBuilderFactory()
              .createBuilder(configure(PipelineOptionsFactory.create().as(S3Options.class)))
              .build();
    } catch (Exception e) {
      try {
        close();
      } catch (Exception suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    return this;
  }

  /** The server's endpoint, {@code http://127.0.0.1:PORT}. */
  public URI endpoint() {
    requireStarted();
    return endpoint;
  }

  @Override
  public String root() {
    return "s3://" + BUCKET + "/";
  }

  @Override
  public PipelineOptions pipelineOptions() {
    return configure(Pipelines.direct().getOptions().as(S3Options.class));
  }

  private S3Options configure(S3Options options) {
    requireStarted();
    options.setEndpoint(endpoint);
    options.setAwsRegion(REGION);
    options.setAwsCredentialsProvider(
        StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)));
    options.setS3ClientFactoryClass(PathStyleS3ClientBuilderFactory.class);
    return options;
  }

  /**
   * An S3 client (path style, same endpoint and credentials as the pipelines) for direct checks.
   */
  public S3Client client() {
    requireStarted();
    return client;
  }

  @Override
  public List<String> listFiles(String uriPrefix) {
    requireStarted();
    URI uri = URI.create(uriPrefix);
    if (!"s3".equals(uri.getScheme()) || !BUCKET.equals(uri.getHost())) {
      throw new IllegalArgumentException(
          "not a URI in this server's bucket (s3://" + BUCKET + "/...): " + uriPrefix);
    }
    String prefix = uri.getPath().startsWith("/") ? uri.getPath().substring(1) : uri.getPath();
    List<String> files = new ArrayList<>();
    ListObjectsV2Request request =
        ListObjectsV2Request.builder().bucket(BUCKET).prefix(prefix).build();
    for (S3Object object : client.listObjectsV2Paginator(request).contents()) {
      files.add("s3://" + BUCKET + "/" + object.key());
    }
    Collections.sort(files);
    return files;
  }

  @Override
  public synchronized void close() throws Exception {
    // In reverse order of start(); also after a start() that failed half way.
    try {
      if (client != null) {
        client.close();
      }
      if (proxy != null) {
        proxy.stop();
      }
    } finally {
      client = null;
      proxy = null;
      endpoint = null;
      if (blobs != null) {
        blobs.close();
        blobs = null;
      }
      // Later tests must not resolve s3:// against a server that is gone.
      FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
    }
  }

  private void requireStarted() {
    if (proxy == null) {
      throw new IllegalStateException(
          "LoopbackS3 is not running: call start() or register it with @RegisterExtension");
    }
  }

  @Override
  public String toString() {
    // No credentials here, on purpose.
    return "LoopbackS3[" + (endpoint == null ? "stopped" : endpoint) + ", bucket " + BUCKET + "]";
  }
}

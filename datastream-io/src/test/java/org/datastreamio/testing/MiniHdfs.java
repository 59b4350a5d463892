package org.datastreamio.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.hdfs.HadoopFileSystemOptions;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/**
 * An in-process HDFS (Hadoop's MiniDFSCluster: one NameNode, one DataNode) bound to 127.0.0.1 with
 * its storage under {@code target/}. Register once per test class with {@code @RegisterExtension
 * static final MiniHdfs HDFS = new MiniHdfs();}, or use it as an AutoCloseable after {@link
 * #start()}.
 */
public final class MiniHdfs implements LoopbackStorage {
  // Small blocks so that test files span several HDFS blocks (1 MiB is the NameNode's minimum).
  private static final long BLOCK_SIZE = 1024 * 1024;

  private MiniDFSCluster cluster;
  private Path baseDir;
  private Configuration clientConf;
  private FileSystem client;
  private String root;

  @Override
  public synchronized MiniHdfs start() throws IOException {
    if (cluster != null) {
      return this;
    }
    requireMiniCluster();
    Path target = Paths.get(System.getProperty("basedir", "."), "target");
    Files.createDirectories(target);
    baseDir = Files.createTempDirectory(target, "minihdfs-");
    try {
      Configuration conf = new Configuration();
      conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, baseDir.toString());
      conf.setLong("dfs.blocksize", BLOCK_SIZE);
      conf.setInt("dfs.replication", 1);
      conf.setInt("dfs.namenode.handler.count", 4);
      // MiniDFSCluster binds the NameNode and DataNode (RPC, data transfer, web) to
      // 127.0.0.1/localhost.
      cluster =
          new MiniDFSCluster.Builder(conf, baseDir.toFile())
              .numDataNodes(1)
              .nameNodePort(0)
              .format(true)
              .build();
      cluster.waitActive();

      root = "hdfs://127.0.0.1:" + cluster.getNameNodePort() + "/";
      clientConf = new Configuration();
      clientConf.set("fs.defaultFS", root);
      clientConf.setInt("dfs.replication", 1);
      clientConf.setLong("dfs.blocksize", BLOCK_SIZE);
      // With a single DataNode there is nothing to replace a failed one with.
      clientConf.setBoolean("dfs.client.block.write.replace-datanode-on-failure.enable", false);
      client = FileSystem.newInstance(URI.create(root), clientConf);
    } catch (IOException | RuntimeException e) {
      try {
        close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    return this;
  }

  @Override
  public String root() {
    requireStarted();
    return root;
  }

  /** A copy of the client configuration ({@code fs.defaultFS} = {@link #root()}). */
  public Configuration configuration() {
    requireStarted();
    return new Configuration(clientConf);
  }

  @Override
  public PipelineOptions pipelineOptions() {
    HadoopFileSystemOptions options =
        Pipelines.direct().getOptions().as(HadoopFileSystemOptions.class);
    options.setHdfsConfiguration(Collections.singletonList(configuration()));
    return options;
  }

  @Override
  public List<String> listFiles(String uriPrefix) throws IOException {
    requireStarted();
    org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(uriPrefix);
    List<String> files = new ArrayList<>();
    if (!client.exists(dir)) {
      return files;
    }
    RemoteIterator<LocatedFileStatus> it = client.listFiles(dir, true);
    while (it.hasNext()) {
      files.add(it.next().getPath().toUri().toString());
    }
    Collections.sort(files);
    return files;
  }

  @Override
  public synchronized void close() throws IOException {
    // In reverse order of start(); also after a start() that failed half way.
    try {
      if (client != null) {
        client.close();
      }
    } finally {
      client = null;
      if (cluster != null) {
        cluster.shutdown(true);
        cluster = null;
      }
      if (baseDir != null) {
        deleteRecursively(baseDir);
        baseDir = null;
      }
      // Later tests must not resolve hdfs:// against a cluster that is gone.
      FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }

  /**
   * hadoop-client-minicluster is only on the classpath of the pom's 'hdfs-tests' surefire execution
   * (its copy of Netty's epoll library clashes with Netty's own), which runs the *Hdfs*Test
   * classes.
   */
  private static void requireMiniCluster() {
    try {
      Class.forName(
          "org.apache.hadoop.hdfs.MiniDFSCluster", false, MiniHdfs.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(
          "MiniHdfs needs hadoop-client-minicluster, which only the 'hdfs-tests' surefire"
              + " execution puts on the classpath, for test classes named *Hdfs*Test. Run one alone with"
              + " ./mvnw -pl datastream-io test-compile surefire:test@hdfs-tests -Dtest=TheHdfsTest",
          e);
    }
  }

  private void requireStarted() {
    if (cluster == null) {
      throw new IllegalStateException(
          "MiniHdfs is not running: call start() or register it with @RegisterExtension");
    }
  }
}

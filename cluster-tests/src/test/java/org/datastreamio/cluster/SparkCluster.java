package org.datastreamio.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A Spark 3.5.3 standalone cluster on loopback: a Master and a Worker, each its own JVM, from a
 * $SPARK_HOME whose jars/ holds exactly Spark's own dependency closure. The Worker launches
 * executors (their own JVMs) from that folder, as on a real cluster. Ports are ephemeral (0), read
 * from the logs.
 */
final class SparkCluster implements AutoCloseable {
  /**
   * Executor slots: two executors of one core each, so that one can be killed while the other
   * works.
   */
  static final int WORKER_CORES = 2;

  private final Path sparkHome;
  private final Path dir;
  private final List<JavaProcess> daemons = new ArrayList<>();
  private final String masterUrl;
  private final JavaProcess worker;

  SparkCluster(Path sparkHome, Path dir) throws Exception {
    this.sparkHome = sparkHome;
    this.dir = dir;
    try {
      JavaProcess master =
          daemon(
              "spark-master",
              "org.apache.spark.deploy.master.Master",
              List.of("--host", "127.0.0.1", "--port", "0", "--webui-port", "0"));
      masterUrl =
          master.awaitLog(
              Pattern.compile("Starting Spark master at (spark://\\S+)"), Duration.ofMinutes(2));
      Path work = Files.createDirectories(dir.resolve("worker-work"));
      worker =
          daemon(
              "spark-worker",
              "org.apache.spark.deploy.worker.Worker",
              List.of(
                  "--host",
                  "127.0.0.1",
                  "--port",
                  "0",
                  "--webui-port",
                  "0",
                  "--cores",
                  Integer.toString(WORKER_CORES),
                  "--memory",
                  "2g",
                  "--work-dir",
                  work.toString(),
                  masterUrl));
      worker.awaitLog(
          Pattern.compile("Successfully registered with master"), Duration.ofMinutes(2));
    } catch (Exception | Error e) {
      close();
      throw e;
    }
  }

  /** The Master's {@code spark://host:port}, for {@code --sparkMaster}. */
  String masterUrl() {
    return masterUrl;
  }

  private JavaProcess daemon(String name, String main, List<String> args) throws IOException {
    List<String> jvm = new ArrayList<>(List.of("-Xmx256m"));
    jvm.addAll(JavaProcess.jvmOpens());
    JavaProcess p =
        JavaProcess.start(
            name,
            JavaProcess.jarsIn(sparkHome.resolve("jars")),
            jvm,
            main,
            args,
            env(),
            dir.resolve(name + ".log"));
    daemons.add(p);
    return p;
  }

  private Map<String, String> env() {
    return Map.of(
        "SPARK_HOME",
        sparkHome.toString(),
        "SPARK_SCALA_VERSION",
        "2.12",
        "SPARK_LOCAL_IP",
        "127.0.0.1",
        "SPARK_LOG_DIR",
        dir.toString());
  }

  /**
   * Starts {@code spark-submit --master <this> --class main jar args} in client mode: SparkSubmit's
   * own main in its own JVM on Spark's jars (the driver), the executors on the Worker.
   */
  JavaProcess submit(String name, Path jar, String main, List<String> args) throws IOException {
    String opens = String.join(" ", JavaProcess.jvmOpens());
    List<String> submit =
        new ArrayList<>(
            List.of(
                "--master",
                masterUrl,
                "--deploy-mode",
                "client",
                "--class",
                main,
                "--name",
                name,
                "--conf",
                "spark.driver.host=127.0.0.1",
                "--conf",
                "spark.ui.enabled=false",
                "--conf",
                "spark.executor.cores=1",
                "--conf",
                "spark.executor.memory=768m",
                "--conf",
                "spark.executor.extraJavaOptions=" + opens,
                jar.toString()));
    submit.addAll(args);
    List<String> jvm = new ArrayList<>(List.of("-Xmx768m"));
    jvm.addAll(JavaProcess.jvmOpens());
    return JavaProcess.start(
        name,
        JavaProcess.jarsIn(sparkHome.resolve("jars")),
        jvm,
        "org.apache.spark.deploy.SparkSubmit",
        submit,
        env(),
        dir.resolve(name + ".log"));
  }

  /**
   * Once {@code submission}'s driver has started tasks, kills one of the executor JVMs the Worker
   * launched (SIGKILL); the Worker launches a new one, and the driver runs the lost tasks again.
   */
  void killAnExecutorWhenTasksRun(JavaProcess submission) throws Exception {
    submission.awaitLog(Pattern.compile("Starting task \\S+ in stage"), Duration.ofMinutes(3));
    Thread.sleep(1000);
    List<ProcessHandle> running = executors();
    if (running.isEmpty()) {
      throw new AssertionError("No executor JVM to kill under the Worker:\n" + submission.tail());
    }
    running.get(0).destroyForcibly();
    running.get(0).onExit().get();
  }

  /** The executor JVMs the Worker has launched and that are running now. */
  List<ProcessHandle> executors() {
    return worker
        .handle()
        .descendants()
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend"))
        .toList();
  }

  @Override
  public void close() throws InterruptedException {
    for (int i = daemons.size() - 1; i >= 0; i--) {
      daemons.get(i).close();
    }
  }
}

package org.datastreamio.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.datastreamio.testing.LoopbackPorts;

/**
 * A Flink 1.19 session cluster on loopback: a JobManager and TaskManagers, each its own JVM, from
 * the closure of Flink's own jars (no Beam, no Arrow). Started without Flink's scripts, so the
 * TaskManager's memory is spelled out in the configuration (the scripts normally compute it) and
 * its JVM flags here. Jobs are submitted as users' jars are: uploaded to the REST API and run
 * there.
 */
final class FlinkCluster implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path lib;
  private final Path dir;
  private final Path conf;
  private final List<JavaProcess> processes = new ArrayList<>();
  private final List<JavaProcess> taskManagers = new ArrayList<>();
  private final String rest;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  FlinkCluster(Path lib, Path dir, int taskManagerCount) throws Exception {
    this.lib = lib;
    this.dir = dir;
    this.conf = Files.createDirectories(dir.resolve("flink-conf"));
    try {
      int restPort = LoopbackPorts.next();
      rest = "http://127.0.0.1:" + restPort;
      writeConfig(LoopbackPorts.next(), restPort);
      processes.add(
          start(
              "flink-jobmanager",
              "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
              List.of("-Xmx512m")));
      for (int i = 0; i < taskManagerCount; i++) {
        startTaskManager();
      }
      awaitTaskManagers(taskManagerCount, Duration.ofMinutes(2));
    } catch (Exception | Error e) {
      close();
      throw e;
    }
  }

  private void writeConfig(int rpcPort, int restPort) throws IOException {
    String yaml =
        String.join(
            "\n",
            "jobmanager.rpc.address: 127.0.0.1",
            "jobmanager.bind-host: 127.0.0.1",
            "jobmanager.rpc.port: " + rpcPort,
            "rest.address: 127.0.0.1",
            "rest.bind-address: 127.0.0.1",
            "rest.port: " + restPort,
            "taskmanager.host: 127.0.0.1",
            "taskmanager.bind-host: 127.0.0.1",
            "taskmanager.rpc.port: 0",
            "taskmanager.data.port: 0",
            // Two slots each: a job of parallelism 2 still runs when one TaskManager is lost.
            "taskmanager.numberOfTaskSlots: 2",
            "cluster.evenly-spread-out-slots: true",
            "parallelism.default: 2",
            // What Flink's scripts would compute for a TaskManager (see the JVM flags in the
            // constructor).
            "taskmanager.cpu.cores: 1",
            "taskmanager.memory.framework.heap.size: 128m",
            "taskmanager.memory.task.heap.size: 256m",
            "taskmanager.memory.framework.off-heap.size: 128m",
            "taskmanager.memory.task.off-heap.size: 256m",
            "taskmanager.memory.network.min: 64m",
            "taskmanager.memory.network.max: 64m",
            "taskmanager.memory.managed.size: 64m",
            "taskmanager.memory.jvm-metaspace.size: 256m",
            "taskmanager.memory.jvm-overhead.min: 192m",
            "taskmanager.memory.jvm-overhead.max: 192m",
            // A lost TaskManager is noticed within seconds; the job is restarted on the slots left.
            "heartbeat.interval: 1000",
            "heartbeat.timeout: 5000",
            "restart-strategy.type: fixed-delay",
            "restart-strategy.fixed-delay.attempts: 3",
            "restart-strategy.fixed-delay.delay: 1 s",
            "classloader.check-leaked-classloader: false",
            "web.timeout: 600000",
            "");
    Files.writeString(conf.resolve("flink-conf.yaml"), yaml);
    Files.writeString(
        conf.resolve("log4j2.properties"),
        String.join(
            "\n",
            "rootLogger.level = INFO",
            "rootLogger.appenderRef.console.ref = console",
            "appender.console.name = console",
            "appender.console.type = CONSOLE",
            "appender.console.layout.type = PatternLayout",
            "appender.console.layout.pattern = %d{HH:mm:ss,SSS} %-5p %c{1} - %m%n",
            ""));
  }

  private JavaProcess start(String name, String main, List<String> memory) throws IOException {
    List<String> jvm = new ArrayList<>(memory);
    jvm.add("-Dlog4j.configurationFile=" + conf.resolve("log4j2.properties"));
    jvm.addAll(JavaProcess.jvmOpens());
    return JavaProcess.start(
        name,
        JavaProcess.jarsIn(lib),
        jvm,
        main,
        List.of("--configDir", conf.toString()),
        Map.of("FLINK_CONF_DIR", conf.toString()),
        dir.resolve(name + ".log"));
  }

  private void startTaskManager() throws IOException {
    // Heap = framework + task heap; direct = framework + task off-heap + network (Arrow's buffers
    // are task off-heap).
    JavaProcess tm =
        start(
            "flink-taskmanager-" + (taskManagers.size() + 1),
            "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
            List.of(
                "-Xmx384m",
                "-Xms384m",
                "-XX:MaxDirectMemorySize=448m",
                "-XX:MaxMetaspaceSize=256m"));
    processes.add(tm);
    taskManagers.add(tm);
  }

  /**
   * Once a job has a task running, kills a TaskManager that runs one (SIGKILL, as a crash would)
   * and starts a new TaskManager, as a supervisor would; returns the job's id. The JobManager
   * restarts the job's failed region (restart strategy above) on the slots left.
   */
  String killATaskManagerWhileAJobRuns(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (String id : jobs("RUNNING")) {
        for (JsonNode vertex : get("/jobs/" + id).path("vertices")) {
          if ("RUNNING".equals(vertex.path("status").asText())) {
            Thread.sleep(1000);
            JavaProcess victim =
                taskManagers.stream().filter(tm -> tm.handle().isAlive()).findFirst().orElseThrow();
            victim.kill();
            startTaskManager();
            return id;
          }
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError(
        "No Flink job ran a task within " + timeout + ":\n" + processes.get(0).tail());
  }

  /** Fails unless the job's exception history shows a failure it recovered from. */
  void assertJobRecovered(String jobId) throws Exception {
    JsonNode exceptions = get("/jobs/" + jobId + "/exceptions");
    if (exceptions.path("exceptionHistory").path("entries").isEmpty()) {
      throw new AssertionError(
          "Flink job "
              + jobId
              + " shows no failure, so the TaskManager was not killed mid-job: "
              + exceptions);
    }
  }

  private void awaitTaskManagers(int count, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      for (JavaProcess p : processes) {
        if (!p.handle().isAlive()) {
          throw new AssertionError("A Flink process ended while the cluster started:\n" + p.tail());
        }
      }
      try {
        JsonNode overview = get("/overview");
        last = overview.toString();
        if (overview.path("taskmanagers").asInt() >= count) {
          return;
        }
      } catch (IOException notYet) {
        last = notYet.toString();
      }
      Thread.sleep(500);
    }
    throw new AssertionError(
        "Flink did not report "
            + count
            + " TaskManagers within "
            + timeout
            + " ("
            + last
            + "):\n"
            + processes.get(0).tail());
  }

  /** host:port of the REST API, Beam's --flinkMaster for a remote submission. */
  String restAddress() {
    return rest.substring("http://".length());
  }

  /** Uploads {@code jar} (POST /jars/upload); returns its id for {@link #run}. */
  String upload(Path jar) throws Exception {
    String boundary = "----datastream" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                + jar.getFileName()
                + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    body.write(Files.readAllBytes(jar));
    body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(rest + "/jars/upload"))
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
            .timeout(Duration.ofMinutes(2))
            .build();
    JsonNode answer = answer(request);
    String file = answer.path("filename").asText();
    if (!"success".equals(answer.path("status").asText()) || file.isEmpty()) {
      throw new AssertionError("Flink did not take the jar: " + answer);
    }
    return Path.of(file).getFileName().toString();
  }

  /**
   * Runs the uploaded jar's {@code entryClass} with {@code args} (POST /jars/{id}/run, as {@code
   * flink run} does). The answer comes when the program's main returns (Beam's runner waits for the
   * job).
   */
  CompletableFuture<JsonNode> run(String jarId, String entryClass, List<String> args)
      throws Exception {
    String json =
        JSON.writeValueAsString(Map.of("entryClass", entryClass, "programArgsList", args));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(rest + "/jars/" + jarId + "/run"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .timeout(Duration.ofMinutes(5))
            .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .thenApply(
            r -> {
              try {
                JsonNode node = JSON.readTree(r.body());
                if (r.statusCode() != 200) {
                  throw new AssertionError(
                      "Flink ran "
                          + entryClass
                          + " "
                          + args
                          + " with HTTP "
                          + r.statusCode()
                          + ": "
                          + node
                          + "\n"
                          + processes.get(0).tail());
                }
                return node;
              } catch (IOException e) {
                throw new AssertionError("Unreadable answer from Flink: " + r.body(), e);
              }
            });
  }

  /** Runs and checks that the job the program submitted ended FINISHED. */
  void runToCompletion(String jarId, String entryClass, List<String> args, Duration timeout)
      throws Exception {
    JsonNode answer =
        run(jarId, entryClass, args)
            .get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    assertFinished(answer.path("jobid").asText(), timeout);
  }

  /** Waits for the job to end; fails with its exceptions unless it FINISHED. */
  void assertFinished(String jobId, Duration timeout) throws Exception {
    String state = awaitEnd(jobId, timeout);
    if (!state.equals("FINISHED")) {
      throw new AssertionError(
          "Flink job " + jobId + " is " + state + ": " + get("/jobs/" + jobId + "/exceptions"));
    }
  }

  /**
   * Waits until the job is FINISHED, FAILED or CANCELED (or {@code timeout} passes) and returns its
   * state.
   */
  String awaitEnd(String jobId, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      String state = get("/jobs/" + jobId).path("state").asText();
      if (List.of("FINISHED", "FAILED", "CANCELED").contains(state)
          || System.nanoTime() > deadline) {
        return state;
      }
      Thread.sleep(500);
    }
  }

  /** The ids of the jobs in a state (RUNNING, RESTARTING, ...), from /jobs/overview. */
  List<String> jobs(String state) throws Exception {
    List<String> ids = new ArrayList<>();
    for (JsonNode job : get("/jobs/overview").path("jobs")) {
      if (state.equals(job.path("state").asText())) {
        ids.add(job.path("jid").asText());
      }
    }
    return ids;
  }

  JsonNode get(String path) throws Exception {
    return answer(
        HttpRequest.newBuilder(URI.create(rest + path))
            .timeout(Duration.ofSeconds(30))
            .GET()
            .build());
  }

  private JsonNode answer(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException("HTTP " + r.statusCode() + " from " + request.uri() + ": " + r.body());
    }
    return JSON.readTree(r.body());
  }

  @Override
  public void close() throws InterruptedException {
    for (int i = processes.size() - 1; i >= 0; i--) {
      processes.get(i).close();
    }
  }
}

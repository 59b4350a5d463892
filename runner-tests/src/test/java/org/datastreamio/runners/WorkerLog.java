package org.datastreamio.runners;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.spark.TaskContext;

/**
 * Which worker processed which element, for runners that run in this JVM. A worker is a Spark task
 * partition (from {@link TaskContext}) or a Flink subtask (the "(k/n)" in a Flink task thread's
 * name); elsewhere it is the thread. Placed right after a read, it is fused with it, so it sees the
 * worker that read the row.
 */
final class WorkerLog {
  private static final Pattern FLINK_SUBTASK = Pattern.compile("\\((\\d+/\\d+)\\)");

  /** log -> key (e.g. a batch) -> the workers that processed elements of that key. */
  private static final Map<String, Map<String, Set<String>>> WORKERS = new ConcurrentHashMap<>();

  private WorkerLog() {}

  static String currentWorker() {
    TaskContext spark = TaskContext.get();
    if (spark != null) {
      return "spark-stage-" + spark.stageId() + "-partition-" + spark.partitionId();
    }
    Matcher flink = FLINK_SUBTASK.matcher(Thread.currentThread().getName());
    if (flink.find()) {
      return "flink-subtask-" + flink.group(1);
    }
    return "thread-" + Thread.currentThread().getName();
  }

  /** For each key noted under {@code log}, the workers that processed it. */
  static Map<String, Set<String>> workersByKey(String log) {
    return Map.copyOf(WORKERS.getOrDefault(log, Map.of()));
  }

  /**
   * Passes elements through, noting under {@code log} which worker processed each element's key.
   */
  static final class Note<T> extends DoFn<T, T> {
    private final String log;
    private final SerializableFunction<T, String> key;

    Note(String log, SerializableFunction<T, String> key) {
      this.log = log;
      this.key = key;
    }

    @ProcessElement
    public void process(@Element T element, OutputReceiver<T> out) {
      WORKERS
          .computeIfAbsent(log, k -> new ConcurrentHashMap<>())
          .computeIfAbsent(key.apply(element), k -> ConcurrentHashMap.newKeySet())
          .add(currentWorker());
      out.output(element);
    }
  }
}

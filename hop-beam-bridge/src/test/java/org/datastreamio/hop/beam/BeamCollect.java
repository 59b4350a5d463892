package org.datastreamio.hop.beam;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.Row;
import org.datastreamio.hop.rows.AllTypesRows;
import org.datastreamio.hop.rows.HopRowLayout;

/** Collects what a Direct/Flink-local pipeline read, as canonical Hop rows, into this JVM. */
public final class BeamCollect extends DoFn<Row, Void> {
  private static final Map<String, ConcurrentLinkedQueue<Object[]>> RESULTS =
      new ConcurrentHashMap<>();

  private final String key;
  private final HopRowLayout layout;

  public BeamCollect(String key, HopRowLayout layout) {
    this.key = key;
    this.layout = layout;
    RESULTS.put(key, new ConcurrentLinkedQueue<>());
  }

  @ProcessElement
  public void process(@Element Row row) {
    RESULTS.get(key).add(HopBeamRows.toHopRow(row, layout));
  }

  public static List<Object[]> results(String key) {
    return List.copyOf(RESULTS.remove(key));
  }

  /** A multiset over the canonical form of every field. */
  public static java.util.TreeMap<String, Integer> multiset(String key, int fields) {
    return AllTypesRows.multiset(results(key), fields);
  }
}

package org.datastreamio.cli.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every contender the bench knows, in table order. */
final class Contenders {
  private Contenders() {}

  static Map<String, Contender> all() {
    List<Contender> list = new ArrayList<>();
    list.add(new RawFlight());
    list.add(new RawIpcSocket());
    for (BenchTransport t : BenchTransport.values()) {
      list.add(new DsioContender(t, false));
    }
    for (BenchTransport t : BenchTransport.values()) {
      list.add(new DsioContender(t, true));
    }
    list.add(new BeamFloorBatches());
    list.add(new BeamFloorRows());
    list.add(new JsonSocketRows());
    list.add(new AvroIoRows());
    list.add(new PyArrowFlight());
    Map<String, Contender> byName = new LinkedHashMap<>();
    for (Contender c : list) {
      byName.put(c.name(), c);
    }
    return byName;
  }
}

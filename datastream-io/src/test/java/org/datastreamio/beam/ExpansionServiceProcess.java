package org.datastreamio.beam;

import java.io.InputStream;
import org.apache.beam.sdk.expansion.service.ExpansionServer;
import org.apache.beam.sdk.expansion.service.ExpansionService;

/**
 * Beam's Java expansion service in a JVM of its own, on loopback and an ephemeral port, as a Python
 * or YAML pipeline starts it: prints {@code PORT n} once it listens and stops when its standard
 * input closes (so it never outlives the test that started it).
 */
public final class ExpansionServiceProcess {
  private ExpansionServiceProcess() {}

  public static void main(String[] args) throws Exception {
    try (ExpansionService service = new ExpansionService(args);
        ExpansionServer server = ExpansionServer.create(service, "127.0.0.1", 0)) {
      System.out.println("PORT " + server.getPort());
      System.out.flush();
      InputStream in = System.in;
      while (in.read() >= 0) {
        // wait for the parent to go away
      }
    }
  }
}

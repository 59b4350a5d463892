package org.datastreamio.flight;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.Location;

/**
 * What a read needs of one Flight endpoint, kept in {@link
 * org.datastreamio.spi.Partition#handle()}.
 */
final class EndpointHandle {
  final byte[] ticket;
  final List<URI> locations;

  EndpointHandle(byte[] ticket, List<URI> locations) {
    this.ticket = ticket.clone();
    this.locations = List.copyOf(locations);
  }

  static EndpointHandle of(FlightEndpoint endpoint) {
    List<URI> locations = new ArrayList<>();
    for (Location l : endpoint.getLocations()) {
      locations.add(l.getUri());
    }
    return new EndpointHandle(endpoint.getTicket().getBytes(), locations);
  }

  byte[] toBytes() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ticket", Base64.getEncoder().encodeToString(ticket));
    List<String> locs = new ArrayList<>();
    locations.forEach(u -> locs.add(u.toString()));
    m.put("locations", locs);
    return FlightProtocol.toJson(m);
  }

  static EndpointHandle parse(byte[] handle) throws IOException {
    JsonNode n = FlightProtocol.readJson(handle);
    if (n == null || !n.hasNonNull("ticket")) {
      throw new IOException("Not a Flight partition handle");
    }
    List<URI> locations = new ArrayList<>();
    n.path("locations").forEach(l -> locations.add(URI.create(l.asText())));
    return new EndpointHandle(Base64.getDecoder().decode(n.get("ticket").asText()), locations);
  }
}

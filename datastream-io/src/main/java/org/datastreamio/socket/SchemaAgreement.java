package org.datastreamio.socket;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The schema every stream into one partition must share: the first stream's. Schema-level metadata
 * (pandas notes and the like) is ignored; the fields, with their types and nullability, must match.
 */
final class SchemaAgreement {
  private final String where;
  private Schema schema;
  private String firstPeer;

  SchemaAgreement(String where) {
    this.where = where;
  }

  synchronized void agree(Schema incoming, String peer) throws IOException {
    if (schema == null) {
      schema = new Schema(incoming.getFields());
      firstPeer = peer;
      notifyAll();
      return;
    }
    if (!schema.getFields().equals(incoming.getFields())) {
      throw new IOException(
          "Schema mismatch on "
              + where
              + ": "
              + peer
              + " sent "
              + incoming
              + ", but the first stream (from "
              + firstPeer
              + ") had "
              + schema
              + ". Every writer into one socket stream must send the same schema.");
    }
  }

  synchronized Schema schema() {
    return schema;
  }

  /** Waits up to {@code millis} for the first stream's schema, or returns at once if agreed. */
  synchronized void awaitSchema(long millis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (schema == null) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0) {
        break;
      }
      wait(left);
    }
  }
}

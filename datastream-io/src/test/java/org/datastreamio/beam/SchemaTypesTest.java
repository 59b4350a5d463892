package org.datastreamio.beam;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.schemas.JavaFieldSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.datastreamio.testing.ArrowLeakCheck;
import org.datastreamio.testing.Pipelines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Writes of any schema'd element type and reads into one, through a real stream. */
@ExtendWith(ArrowLeakCheck.class)
class SchemaTypesTest {
  @TempDir Path dir;

  /** A user's type with a schema inferred from its public fields. */
  @DefaultSchema(JavaFieldSchema.class)
  public static final class Order implements java.io.Serializable {
    public long id;
    public String customer;
    public double amount;
    public List<String> tags;

    public Order() {}

    Order(long id) {
      this.id = id;
      this.customer = "customer-" + id;
      this.amount = id * 1.25;
      this.tags = id % 3 == 0 ? List.of() : List.of("t" + id, "u");
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof Order)) {
        return false;
      }
      Order other = (Order) o;
      return id == other.id
          && amount == other.amount
          && Objects.equals(customer, other.customer)
          && Objects.equals(tags, other.tags);
    }

    @Override
    public int hashCode() {
      return Objects.hash(id, customer, amount, tags);
    }

    @Override
    public String toString() {
      return "Order" + id;
    }
  }

  /** Another user type that lacks a field of the stream. */
  @DefaultSchema(JavaFieldSchema.class)
  public static final class Wrong implements java.io.Serializable {
    public long id;
    public String missing;
  }

  @Test
  void pojosWriteAndReadBack() {
    List<Order> orders = new ArrayList<>();
    for (long i = 0; i < 500; i++) {
      orders.add(new Order(i));
    }
    String uri = "file://" + dir + "/orders";
    Pipeline write = Pipelines.direct();
    write.apply(Create.of(orders)).apply(DataStreamIO.write().to(uri).withBatchRows(64));
    write.run().waitUntilFinish();

    Pipeline read = Pipelines.direct();
    PCollection<Order> back = read.apply(DataStreamIO.read().from(uri).as(Order.class));
    PAssert.that(back).containsInAnyOrder(orders);
    read.run().waitUntilFinish();

    Pipeline bad = Pipelines.direct();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> bad.apply(DataStreamIO.read().from(uri).as(Wrong.class)));
    assertTrue(
        e.getMessage().contains("as(Wrong)") && e.getMessage().contains(dir + "/orders"),
        e.getMessage());
  }

  @Test
  void aCollectionWithoutASchemaIsRefusedClearly() {
    Pipeline p = Pipelines.direct();
    PCollection<String> plain = p.apply(Create.of("a", "b"));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> plain.apply(DataStreamIO.write().to("file://" + dir + "/x")));
    assertTrue(e.getMessage().contains("needs a PCollection with a schema"), e.getMessage());
  }
}

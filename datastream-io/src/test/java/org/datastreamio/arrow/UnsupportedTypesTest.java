package org.datastreamio.arrow;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.types.IntervalUnit;
import org.apache.arrow.vector.types.UnionMode;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.logicaltypes.OneOfType;
import org.apache.beam.sdk.schemas.logicaltypes.UuidLogicalType;
import org.apache.beam.sdk.schemas.logicaltypes.VariableString;
import org.datastreamio.testing.ArrowLeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Types without a mapping fail naming the full field path and the type, and saying what to do. */
@ExtendWith(ArrowLeakCheck.class)
class UnsupportedTypesTest {
  private static final Field INT =
      new Field("i", FieldType.notNullable(new ArrowType.Int(32, true)), null);

  private static Field field(String name, ArrowType type, Field... children) {
    return new Field(
        name, FieldType.nullable(type), children.length == 0 ? null : Arrays.asList(children));
  }

  private static List<ArrowType> unsupported() {
    return List.of(
        ArrowType.Null.INSTANCE,
        new ArrowType.Interval(IntervalUnit.DAY_TIME),
        new ArrowType.Interval(IntervalUnit.MONTH_DAY_NANO),
        new ArrowType.Union(UnionMode.Sparse, new int[] {0}),
        new ArrowType.Union(UnionMode.Dense, new int[] {0}),
        ArrowType.ListView.INSTANCE,
        ArrowType.LargeListView.INSTANCE,
        ArrowType.RunEndEncoded.INSTANCE);
  }

  @Test
  void unsupportedArrowTypesFailNamingPathAndType() {
    for (ArrowType type : unsupported()) {
      Field bad = field("bad", type, INT, INT);
      List<Object[]> placements =
          List.of(
              new Object[] {bad, "bad"},
              new Object[] {
                field(
                    "outer",
                    ArrowType.Struct.INSTANCE,
                    INT,
                    field("inner", ArrowType.Struct.INSTANCE, bad)),
                "outer.inner.bad"
              },
              new Object[] {field("lst", ArrowType.List.INSTANCE, bad), "lst[]"},
              new Object[] {
                field(
                    "m",
                    new ArrowType.Map(false),
                    new Field(
                        "entries",
                        FieldType.notNullable(ArrowType.Struct.INSTANCE),
                        List.of(
                            new Field("key", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null),
                            bad))),
                "m.value"
              });
      for (Object[] p : placements) {
        org.apache.arrow.vector.types.pojo.Schema schema =
            new org.apache.arrow.vector.types.pojo.Schema(List.of((Field) p[0]));
        UnsupportedTypeException e =
            assertThrows(
                UnsupportedTypeException.class,
                () -> SchemaConverter.toBeam(schema),
                type.toString());
        String m = e.getMessage();
        assertTrue(m.contains("'" + p[1] + "'"), "path " + p[1] + " in: " + m);
        assertTrue(m.contains(type.toString()), "type " + type + " in: " + m);
        assertTrue(m.contains("cast"), "what to do in: " + m);
      }
    }
  }

  @Test
  void arrowToRowRejectsAnUnsupportedArrowTypeUpFront() {
    Field bad = field("when", new ArrowType.Interval(IntervalUnit.YEAR_MONTH));
    org.apache.arrow.vector.types.pojo.Schema arrow =
        new org.apache.arrow.vector.types.pojo.Schema(List.of(bad));
    Schema beam = Schema.builder().addNullableField("when", Schema.FieldType.INT32).build();
    UnsupportedTypeException e =
        assertThrows(UnsupportedTypeException.class, () -> new ArrowToRow(beam, arrow));
    assertTrue(
        e.getMessage().contains("'when'") && e.getMessage().contains("Interval"), e.getMessage());
  }

  @Test
  void arrowToRowRejectsATypeThatDoesNotConvertToTheGivenBeamType() {
    org.apache.arrow.vector.types.pojo.Schema arrow =
        new org.apache.arrow.vector.types.pojo.Schema(
            List.of(field("r", ArrowType.Struct.INSTANCE, field("s", ArrowType.Utf8.INSTANCE))));
    Schema beam =
        Schema.builder()
            .addNullableField(
                "r",
                Schema.FieldType.row(
                    Schema.builder().addNullableField("s", Schema.FieldType.INT64).build()))
            .build();
    UnsupportedTypeException e =
        assertThrows(UnsupportedTypeException.class, () -> new ArrowToRow(beam, arrow));
    assertTrue(
        e.getMessage().contains("'r.s'")
            && e.getMessage().contains("Utf8")
            && e.getMessage().contains("INT64"),
        e.getMessage());

    Schema missing = Schema.builder().addNullableField("nope", Schema.FieldType.INT64).build();
    UnsupportedTypeException m =
        assertThrows(UnsupportedTypeException.class, () -> new ArrowToRow(missing, arrow));
    assertTrue(m.getMessage().contains("'nope'") && m.getMessage().contains("[r]"), m.getMessage());
  }

  @Test
  void unsupportedBeamLogicalTypesFailNamingPathAndIdentifier() {
    List<Schema.FieldType> types =
        List.of(
            Schema.FieldType.logicalType(VariableString.of(10)),
            Schema.FieldType.logicalType(new UuidLogicalType()),
            Schema.FieldType.logicalType(
                OneOfType.create(Schema.Field.of("a", Schema.FieldType.INT32))));
    for (Schema.FieldType type : types) {
      String id = type.getLogicalType().getIdentifier();
      Schema top = Schema.builder().addField("x", type).build();
      Schema nested =
          Schema.builder()
              .addField(
                  "r",
                  Schema.FieldType.row(
                      Schema.builder().addField("l", Schema.FieldType.array(type)).build()))
              .build();
      for (Object[] p : List.of(new Object[] {top, "x"}, new Object[] {nested, "r.l[]"})) {
        UnsupportedTypeException e =
            assertThrows(
                UnsupportedTypeException.class, () -> SchemaConverter.toArrow((Schema) p[0]));
        assertTrue(
            e.getMessage().contains("'" + p[1] + "'") && e.getMessage().contains(id),
            e.getMessage());
      }
    }
  }
}

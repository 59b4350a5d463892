package org.datastreamio.hop.rows;

import java.util.Locale;
import java.util.Map;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.logicaltypes.NanosInstant;
import org.apache.hop.core.row.IValueMeta;

/**
 * THE mapping between Hop value types, Arrow and Beam; docs/hop.md shows it as a table. Every Arrow
 * field written from Hop carries its Hop type in the field metadata key {@value #HOP_TYPE_KEY}, so a
 * Hop reader restores exactly the type that was written (Internet Address travels as text).
 *
 * <pre>
 * Hop type          Java value            Arrow                        Beam
 * String            String                Utf8                         STRING
 * Integer           Long                  Int64                        INT64
 * Number            Double                Float64                      DOUBLE
 * BigNumber         BigDecimal            Decimal128(38, scale)        DECIMAL
 * Date              java.util.Date        Timestamp(ms, UTC)           DATETIME
 * Timestamp         java.sql.Timestamp    Timestamp(ns, UTC)           NanosInstant (logical)
 * Boolean           Boolean               Bool                         BOOLEAN
 * Binary            byte[]                Binary                       BYTES
 * Internet Address  InetAddress           Utf8 (host address literal)  STRING
 * </pre>
 *
 * Every field is nullable; a Hop null is an Arrow null and back.
 */
public enum HopType {
  STRING("String", IValueMeta.TYPE_STRING, ArrowType.Utf8.INSTANCE, Schema.FieldType.STRING),
  INTEGER("Integer", IValueMeta.TYPE_INTEGER, new ArrowType.Int(64, true), Schema.FieldType.INT64),
  NUMBER("Number", IValueMeta.TYPE_NUMBER, new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE), Schema.FieldType.DOUBLE),
  BIGNUMBER("BigNumber", IValueMeta.TYPE_BIGNUMBER, null, Schema.FieldType.DECIMAL),
  DATE("Date", IValueMeta.TYPE_DATE, new ArrowType.Timestamp(TimeUnit.MILLISECOND, "UTC"), Schema.FieldType.DATETIME),
  TIMESTAMP("Timestamp", IValueMeta.TYPE_TIMESTAMP, new ArrowType.Timestamp(TimeUnit.NANOSECOND, "UTC"), Schema.FieldType.logicalType(new NanosInstant())),
  BOOLEAN("Boolean", IValueMeta.TYPE_BOOLEAN, ArrowType.Bool.INSTANCE, Schema.FieldType.BOOLEAN),
  BINARY("Binary", IValueMeta.TYPE_BINARY, ArrowType.Binary.INSTANCE, Schema.FieldType.BYTES),
  INTERNET_ADDRESS("Internet Address", IValueMeta.TYPE_INET, ArrowType.Utf8.INSTANCE, Schema.FieldType.STRING);

  /** Arrow field metadata key holding the Hop type name, e.g. "Internet Address". */
  public static final String HOP_TYPE_KEY = "hop.type";

  /** Decimal precision of BigNumber fields: the most Arrow's 128-bit decimal holds. */
  public static final int DECIMAL_PRECISION = 38;

  /** Decimal scale of a BigNumber field whose Hop precision is not set. */
  public static final int DEFAULT_DECIMAL_SCALE = 18;

  private final String hopTypeName;
  private final int hopTypeId;
  private final ArrowType arrowType;
  private final Schema.FieldType beamType;

  HopType(String hopTypeName, int hopTypeId, ArrowType arrowType, Schema.FieldType beamType) {
    this.hopTypeName = hopTypeName;
    this.hopTypeId = hopTypeId;
    this.arrowType = arrowType;
    this.beamType = beamType;
  }

  public int hopTypeId() {
    return hopTypeId;
  }

  public Schema.FieldType beamType() {
    return beamType.withNullable(true);
  }

  /** Hop's name for the type: "String", "Internet Address", ... */
  public String hopTypeName() {
    return hopTypeName;
  }

  /** The type of a Hop field; fails naming the field when Hop's type has no mapping (Serializable). */
  public static HopType of(IValueMeta valueMeta) {
    for (HopType t : values()) {
      if (t.hopTypeId == valueMeta.getType()) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "Field '" + valueMeta.getName() + "' has Hop type " + valueMeta.getTypeDesc()
            + ", which a Data Stream cannot carry. Supported: String, Integer, Number, BigNumber, Date, Timestamp,"
            + " Boolean, Binary, Internet Address. Convert it first (e.g. with Select Values).");
  }

  /** Decimal scale for a BigNumber field: its Hop precision when set, else {@value #DEFAULT_DECIMAL_SCALE}. */
  public static int decimalScale(IValueMeta valueMeta) {
    int precision = valueMeta.getPrecision();
    return precision >= 0 && precision <= DECIMAL_PRECISION ? precision : DEFAULT_DECIMAL_SCALE;
  }

  /** The Arrow field for a Hop field, with the Hop type in its metadata. */
  public static Field arrowField(IValueMeta valueMeta) {
    HopType type = of(valueMeta);
    ArrowType arrow = type == BIGNUMBER
        ? new ArrowType.Decimal(DECIMAL_PRECISION, decimalScale(valueMeta), 128)
        : type.arrowType;
    return new Field(valueMeta.getName(), new FieldType(true, arrow, null, Map.of(HOP_TYPE_KEY, type.hopTypeName())), null);
  }

  /**
   * The Hop type for an Arrow field written by anyone: the recorded Hop type when present, else the
   * natural one (any integer is Integer, any float is Number, second/millisecond timestamps and dates
   * are Date, micro/nanosecond timestamps are Timestamp, ...). Fails naming the field otherwise.
   */
  public static HopType of(Field field) {
    ArrowType type = field.getType();
    String recorded = field.getMetadata() == null ? null : field.getMetadata().get(HOP_TYPE_KEY);
    if (recorded != null) {
      for (HopType t : values()) {
        if (t.hopTypeName().equalsIgnoreCase(recorded) && t.accepts(type)) {
          return t;
        }
      }
    }
    switch (type.getTypeID()) {
      case Utf8:
      case LargeUtf8:
        return STRING;
      case Int:
        ArrowType.Int i = (ArrowType.Int) type;
        if (i.getBitWidth() < 64 || i.getIsSigned()) {
          return INTEGER;
        }
        break;
      case FloatingPoint:
        return NUMBER;
      case Decimal:
        return BIGNUMBER;
      case Bool:
        return BOOLEAN;
      case Binary:
      case LargeBinary:
      case FixedSizeBinary:
        return BINARY;
      case Date:
        return DATE;
      case Timestamp:
        TimeUnit unit = ((ArrowType.Timestamp) type).getUnit();
        return unit == TimeUnit.SECOND || unit == TimeUnit.MILLISECOND ? DATE : TIMESTAMP;
      default:
        break;
    }
    throw new IllegalArgumentException(
        "Arrow field '" + field.getName() + "' has type " + type + ", which has no Hop type. Data Stream Input reads"
            + " strings, signed integers, floats, decimals, booleans, binaries, dates and timestamps.");
  }

  private boolean accepts(ArrowType type) {
    if (this == BIGNUMBER) {
      return type instanceof ArrowType.Decimal;
    }
    return arrowType.equals(type);
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}

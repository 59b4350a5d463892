package org.datastreamio.hop.rows;

import java.util.Locale;
import java.util.Map;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.hop.core.row.IValueMeta;

/**
 * THE mapping between Hop value types and Arrow; docs/hop.md shows it as a table. The Beam side
 * follows from datastream-io's Arrow/Beam mapping ({@link org.datastreamio.arrow.SchemaConverter}),
 * so there is no second table. Every Arrow field written from Hop carries its Hop type in the field
 * metadata key {@value #HOP_TYPE_KEY}, so a Hop reader restores exactly the type that was written.
 *
 * <pre>
 * Hop type          Java value            Arrow
 * String            String                Utf8
 * Integer           Long                  Int64
 * Number            Double                Float64
 * BigNumber         BigDecimal            Decimal128(38, scale = the field's Hop precision, else 18)
 * Date              java.util.Date        Timestamp(ms, UTC)
 * Timestamp         java.sql.Timestamp    Timestamp(ns, UTC)
 * Boolean           Boolean               Bool
 * Binary            byte[]                Binary
 * Internet Address  InetAddress           Utf8 (the address literal)
 * </pre>
 *
 * Every field is nullable; a Hop null is an Arrow null and back.
 */
public enum HopType {
  STRING("String", IValueMeta.TYPE_STRING, ArrowType.Utf8.INSTANCE),
  INTEGER("Integer", IValueMeta.TYPE_INTEGER, new ArrowType.Int(64, true)),
  NUMBER(
      "Number", IValueMeta.TYPE_NUMBER, new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
  BIGNUMBER("BigNumber", IValueMeta.TYPE_BIGNUMBER, null),
  DATE("Date", IValueMeta.TYPE_DATE, new ArrowType.Timestamp(TimeUnit.MILLISECOND, "UTC")),
  TIMESTAMP(
      "Timestamp", IValueMeta.TYPE_TIMESTAMP, new ArrowType.Timestamp(TimeUnit.NANOSECOND, "UTC")),
  BOOLEAN("Boolean", IValueMeta.TYPE_BOOLEAN, ArrowType.Bool.INSTANCE),
  BINARY("Binary", IValueMeta.TYPE_BINARY, ArrowType.Binary.INSTANCE),
  INTERNET_ADDRESS("Internet Address", IValueMeta.TYPE_INET, ArrowType.Utf8.INSTANCE);

  /** Arrow field metadata key holding the Hop type name, e.g. "Internet Address". */
  public static final String HOP_TYPE_KEY = "hop.type";

  /** Decimal precision of BigNumber fields: the most Arrow's 128-bit decimal holds. */
  public static final int DECIMAL_PRECISION = 38;

  /** Decimal scale of a BigNumber field whose Hop precision is not set. */
  public static final int DEFAULT_DECIMAL_SCALE = 18;

  private final String hopTypeName;
  private final int hopTypeId;
  private final ArrowType arrowType;

  HopType(String hopTypeName, int hopTypeId, ArrowType arrowType) {
    this.hopTypeName = hopTypeName;
    this.hopTypeId = hopTypeId;
    this.arrowType = arrowType;
  }

  public int hopTypeId() {
    return hopTypeId;
  }

  /** Hop's name for the type: "String", "Internet Address", ... */
  public String hopTypeName() {
    return hopTypeName;
  }

  /**
   * The type of a Hop field; fails naming the field when Hop's type has no mapping (Serializable).
   */
  public static HopType of(IValueMeta valueMeta) {
    for (HopType t : values()) {
      if (t.hopTypeId == valueMeta.getType()) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "Field '"
            + valueMeta.getName()
            + "' has Hop type "
            + valueMeta.getTypeDesc()
            + ", which a Data Stream cannot carry. Supported: String, Integer, Number, BigNumber, Date, Timestamp,"
            + " Boolean, Binary, Internet Address. Convert it first (e.g. with Select Values).");
  }

  /**
   * Decimal scale for a BigNumber field: its Hop precision when set, else {@value
   * #DEFAULT_DECIMAL_SCALE}.
   */
  public static int decimalScale(IValueMeta valueMeta) {
    int precision = valueMeta.getPrecision();
    return precision >= 0 && precision <= DECIMAL_PRECISION ? precision : DEFAULT_DECIMAL_SCALE;
  }

  /** The Arrow field for a Hop field, with the Hop type in its metadata. */
  public static Field arrowField(IValueMeta valueMeta) {
    return of(valueMeta).arrowField(valueMeta.getName(), decimalScale(valueMeta));
  }

  /** The Arrow field of this type; {@code decimalScale} only matters for BigNumber. */
  public Field arrowField(String name, int decimalScale) {
    ArrowType arrow =
        this == BIGNUMBER ? new ArrowType.Decimal(DECIMAL_PRECISION, decimalScale, 128) : arrowType;
    return new Field(
        name, new FieldType(true, arrow, null, Map.of(HOP_TYPE_KEY, hopTypeName)), null);
  }

  /**
   * The Hop type for an Arrow field written by anyone: the recorded Hop type when present, else the
   * natural one (any integer is Integer, any float is Number, second/millisecond timestamps and
   * dates are Date, micro/nanosecond timestamps are Timestamp, ...). Fails naming the field
   * otherwise.
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
        "Arrow field '"
            + field.getName()
            + "' has type "
            + type
            + ", which has no Hop type. Data Stream Input reads"
            + " strings, signed integers, floats, decimals, booleans, binaries, dates and timestamps.");
  }

  private boolean accepts(ArrowType type) {
    if (this == BIGNUMBER) {
      return type instanceof ArrowType.Decimal;
    }
    return arrowType.equals(type);
  }

  /**
   * Whether a Hop field of this type can read the Arrow field without loss: its natural type, or
   * text for an Internet Address (a peer that does not know Hop writes addresses as strings), or a
   * coarser date/time for a Timestamp.
   */
  public boolean canRead(Field field) {
    HopType natural = of(field);
    if (natural == this) {
      return true;
    }
    switch (this) {
      case INTERNET_ADDRESS:
      case STRING:
        return natural == STRING || natural == INTERNET_ADDRESS;
      case TIMESTAMP:
        return natural == DATE;
      default:
        return false;
    }
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}

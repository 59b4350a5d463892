package org.datastreamio.hop.transforms.input;

import org.apache.hop.metadata.api.HopMetadataProperty;

/** A field Data Stream Input declares: its name and Hop type (and scale for BigNumber). */
public class DataStreamInputField {
  @HopMetadataProperty(key = "name", injectionKey = "FIELD_NAME")
  private String name;

  /**
   * A Hop type name: String, Integer, Number, BigNumber, Date, Timestamp, Boolean, Binary, Internet
   * Address.
   */
  @HopMetadataProperty(key = "type", injectionKey = "FIELD_TYPE")
  private String type;

  /** Digits after the decimal point, for BigNumber. */
  @HopMetadataProperty(key = "precision", injectionKey = "FIELD_PRECISION")
  private int precision = -1;

  public DataStreamInputField() {}

  public DataStreamInputField(String name, String type) {
    this.name = name;
    this.type = type;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getType() {
    return type;
  }

  public void setType(String type) {
    this.type = type;
  }

  public int getPrecision() {
    return precision;
  }

  public void setPrecision(int precision) {
    this.precision = precision;
  }
}

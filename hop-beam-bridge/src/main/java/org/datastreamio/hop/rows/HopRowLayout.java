package org.datastreamio.hop.rows;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.hop.core.row.IRowMeta;
import org.apache.hop.core.row.IValueMeta;

/**
 * A Hop row layout reduced to what moving rows needs (name, {@link HopType}, decimal scale). It is
 * serializable, so it travels to Beam workers without Hop's value-meta plugins.
 */
public final class HopRowLayout implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String[] names;
  private final HopType[] types;
  private final int[] scales;

  private HopRowLayout(String[] names, HopType[] types, int[] scales) {
    this.names = names;
    this.types = types;
    this.scales = scales;
  }

  /** Fails naming the field when a Hop type cannot travel in a Data Stream. */
  public static HopRowLayout of(IRowMeta rowMeta) {
    int n = rowMeta.size();
    String[] names = new String[n];
    HopType[] types = new HopType[n];
    int[] scales = new int[n];
    for (int i = 0; i < n; i++) {
      IValueMeta v = rowMeta.getValueMeta(i);
      names[i] = v.getName();
      types[i] = HopType.of(v);
      scales[i] = HopType.decimalScale(v);
    }
    return new HopRowLayout(names, types, scales);
  }

  public int size() {
    return names.length;
  }

  public String name(int i) {
    return names[i];
  }

  public HopType type(int i) {
    return types[i];
  }

  public int decimalScale(int i) {
    return scales[i];
  }

  public Schema arrowSchema() {
    List<Field> fields = new ArrayList<>(names.length);
    for (int i = 0; i < names.length; i++) {
      fields.add(types[i].arrowField(names[i], scales[i]));
    }
    return new Schema(fields);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < names.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(names[i]).append(' ').append(types[i].hopTypeName());
    }
    return sb.toString();
  }
}

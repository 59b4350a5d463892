package org.datastreamio.hop.transforms.input;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.hop.core.ICheckResult;
import org.apache.hop.core.annotations.Transform;
import org.apache.hop.core.exception.HopException;
import org.apache.hop.core.exception.HopPluginException;
import org.apache.hop.core.exception.HopTransformException;
import org.apache.hop.core.row.IRowMeta;
import org.apache.hop.core.row.IValueMeta;
import org.apache.hop.core.row.value.ValueMetaFactory;
import org.apache.hop.core.variables.IVariables;
import org.apache.hop.metadata.api.HopMetadataProperty;
import org.apache.hop.metadata.api.IHopMetadataProvider;
import org.apache.hop.pipeline.PipelineMeta;
import org.apache.hop.pipeline.transform.BaseTransformMeta;
import org.apache.hop.pipeline.transform.TransformMeta;
import org.datastreamio.hop.metadata.DataStream;
import org.datastreamio.hop.rows.HopArrowReader;
import org.datastreamio.hop.transforms.DataStreamChecks;
import org.datastreamio.hop.transforms.DataStreamConnection;
import org.datastreamio.hop.transforms.DataStreamLayout;
import org.datastreamio.hop.transforms.TransformDescriptions;

/**
 * Reads rows from a Data Stream selected by name. Its output fields are the declared ones, or, when
 * none are declared, the stream's own schema (from the schema reference or the transport).
 */
@Transform(
    id = TransformDescriptions.INPUT_ID,
    name = TransformDescriptions.INPUT_NAME,
    description = TransformDescriptions.INPUT_DESCRIPTION,
    image = TransformDescriptions.INPUT_IMAGE,
    categoryDescription = TransformDescriptions.INPUT_CATEGORY,
    keywords = {
      TransformDescriptions.KEYWORD_ARROW,
      TransformDescriptions.KEYWORD_FLIGHT,
      TransformDescriptions.KEYWORD_SOCKET,
      TransformDescriptions.KEYWORD_STREAM,
      TransformDescriptions.KEYWORD_PYTHON
    })
public class DataStreamInputMeta extends BaseTransformMeta<DataStreamInput, DataStreamInputData> {
  public static final String ID = TransformDescriptions.INPUT_ID;

  @HopMetadataProperty(
      key = "data_stream",
      injectionKey = "DATA_STREAM",
      injectionKeyDescription = "The name of the Data Stream")
  private String dataStreamName;

  @HopMetadataProperty(groupKey = "fields", key = "field", injectionGroupKey = "FIELDS")
  private List<DataStreamInputField> fields = new ArrayList<>();

  public DataStreamInputMeta() {}

  @Override
  public void getFields(
      IRowMeta rowMeta,
      String origin,
      IRowMeta[] info,
      TransformMeta nextTransform,
      IVariables variables,
      IHopMetadataProvider metadataProvider)
      throws HopTransformException {
    try {
      IRowMeta layout = outputLayout(metadataProvider, variables, origin, 0);
      if (layout == null) {
        throw new HopTransformException(
            "Transform '"
                + origin
                + "' cannot know the fields of Data Stream '"
                + variables.resolve(dataStreamName)
                + "' before it runs: declare the fields in the transform, or give the Data Stream a schema reference.");
      }
      for (IValueMeta v : layout.getValueMetaList()) {
        v.setOrigin(origin);
        rowMeta.addValueMeta(v);
      }
    } catch (HopTransformException e) {
      throw e;
    } catch (HopException e) {
      throw new HopTransformException(e.getMessage(), e);
    }
  }

  @Override
  public void check(
      List<ICheckResult> remarks,
      PipelineMeta pipelineMeta,
      TransformMeta transformMeta,
      IRowMeta prev,
      String[] input,
      String[] output,
      IRowMeta info,
      IVariables variables,
      IHopMetadataProvider metadataProvider) {
    DataStream stream =
        DataStreamChecks.checkDataStream(
            remarks, transformMeta, dataStreamName, variables, metadataProvider, false);
    if (!fields.isEmpty()) {
      try {
        declaredFields(variables);
        DataStreamChecks.ok(remarks, transformMeta, fields.size() + " fields declared");
      } catch (HopException e) {
        DataStreamChecks.error(
            remarks,
            transformMeta,
            "Transform '" + transformMeta.getName() + "': " + e.getSuperMessage());
      }
    } else if (stream != null && stream.resolvedSchemaReference(variables) != null) {
      DataStreamChecks.ok(
          remarks,
          transformMeta,
          "No fields declared: they come from the schema reference "
              + stream.resolvedSchemaReference(variables));
    } else {
      // Not an error (a file footer or Flight GetSchema can tell), but a socket only tells at run
      // time.
      DataStreamChecks.warning(
          remarks,
          transformMeta,
          "Transform '"
              + transformMeta.getName()
              + "' declares no fields: they come from the stream itself (an Arrow file's"
              + " footer, Flight GetSchema) or, for a socket, only at run time, so later transforms may not know them."
              + " Declare them (Get fields) or give the Data Stream a schema reference.");
    }
  }

  /** The declared fields; or the discovered schema; or null when only reading will tell. */
  IRowMeta outputLayout(
      IHopMetadataProvider provider, IVariables variables, String transformName, int copy)
      throws HopException {
    if (!fields.isEmpty()) {
      return declaredFields(variables);
    }
    try (DataStreamConnection connection =
        DataStreamConnection.open(
            provider, variables, dataStreamName, transformName, copy, false)) {
      Optional<Schema> schema =
          DataStreamLayout.discover(
              connection, connection.stream().resolvedSchemaReference(variables));
      try {
        return schema.isPresent() ? HopArrowReader.rowMeta(schema.get()) : null;
      } catch (HopException | IllegalArgumentException e) {
        throw connection.about(e.getMessage(), e);
      }
    }
  }

  IRowMeta declaredFields(IVariables variables) throws HopPluginException {
    org.apache.hop.core.row.RowMeta rowMeta = new org.apache.hop.core.row.RowMeta();
    for (DataStreamInputField f : fields) {
      String type = variables.resolve(f.getType());
      int id = ValueMetaFactory.getIdForValueMeta(type);
      if (id == IValueMeta.TYPE_NONE) {
        throw new HopPluginException(
            "Field '" + f.getName() + "' has unknown Hop type '" + type + "'");
      }
      IValueMeta v = ValueMetaFactory.createValueMeta(variables.resolve(f.getName()), id);
      if (f.getPrecision() >= 0) {
        v.setPrecision(f.getPrecision());
      }
      rowMeta.addValueMeta(v);
    }
    return rowMeta;
  }

  public String getDataStreamName() {
    return dataStreamName;
  }

  public void setDataStreamName(String dataStreamName) {
    this.dataStreamName = dataStreamName;
  }

  public List<DataStreamInputField> getFields() {
    return fields;
  }

  public void setFields(List<DataStreamInputField> fields) {
    this.fields = fields;
  }
}

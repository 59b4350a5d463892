package org.datastreamio.hop.transforms;

/**
 * Ids, names, descriptions, icons, categories and search keywords of the two transforms, in one
 * place: the plain transforms' {@code @Transform} and the Beam engine adapter's
 * (beam-engine-adapter) both read them, so the two registrations of one id cannot drift apart.
 */
public final class TransformDescriptions {
  private TransformDescriptions() {}

  public static final String INPUT_ID = "DataStreamInput";
  public static final String INPUT_NAME = "Data Stream Input";
  public static final String INPUT_DESCRIPTION =
      "Reads rows from a Data Stream (Arrow Socket, Arrow Flight or Arrow File)";
  public static final String INPUT_IMAGE = "datastream-input.svg";
  public static final String INPUT_CATEGORY =
      "i18n:org.apache.hop.pipeline.transform:BaseTransform.Category.Input";

  public static final String OUTPUT_ID = "DataStreamOutput";
  public static final String OUTPUT_NAME = "Data Stream Output";
  public static final String OUTPUT_DESCRIPTION =
      "Writes rows to a Data Stream (Arrow Socket, Arrow Flight or Arrow File)";
  public static final String OUTPUT_IMAGE = "datastream-output.svg";
  public static final String OUTPUT_CATEGORY =
      "i18n:org.apache.hop.pipeline.transform:BaseTransform.Category.Output";

  /** Search keywords of both transforms (an annotation takes them one constant at a time). */
  public static final String KEYWORD_ARROW = "arrow";

  public static final String KEYWORD_FLIGHT = "flight";
  public static final String KEYWORD_SOCKET = "socket";
  public static final String KEYWORD_STREAM = "stream";
  public static final String KEYWORD_PYTHON = "python";
}

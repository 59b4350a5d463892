package org.datastreamio.hop.plugin;

import java.lang.annotation.Annotation;
import java.net.URL;
import java.net.URLClassLoader;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hop.core.exception.HopPluginException;
import org.apache.hop.core.logging.LogChannel;
import org.apache.hop.core.plugins.BasePluginType;
import org.apache.hop.core.plugins.PluginAnnotationType;
import org.apache.hop.core.plugins.PluginClassFile;
import org.apache.hop.core.plugins.PluginMainClassType;

/** The Hop plugin type of Data Stream implementations, found like any Hop plugin (jandex index). */
@PluginMainClassType(IDataStreamImplementation.class)
@PluginAnnotationType(DataStreamPlugin.class)
public final class DataStreamPluginType extends BasePluginType<DataStreamPlugin> {
  public static final String ID = "DATA_STREAM";

  private static final DataStreamPluginType INSTANCE = new DataStreamPluginType();

  private DataStreamPluginType() {
    super(DataStreamPlugin.class, ID, "Data Stream");
  }

  public static DataStreamPluginType getInstance() {
    return INSTANCE;
  }

  /**
   * Hop's own version loads each annotated class through a fresh child-first class loader over the
   * plugin's jar. Unlike Hop's plugin types, whose annotations live in hop-core, this type and its
   * annotation live in the plugin jar itself, so that loader defines a second
   * {@code @DataStreamPlugin} and {@code getAnnotation} finds nothing. A class in the jar this type
   * came from is therefore read through this type's own class loader (the plugin folder's, which
   * Hop later creates the implementation with); a class in another jar through Hop's loader, its
   * annotation read by name.
   */
  @Override
  protected void registerPluginJars() throws HopPluginException {
    for (PluginClassFile file : findAnnotatedClassFiles(DataStreamPlugin.class.getName())) {
      URLClassLoader loader = createUrlClassLoader(file.getJarFile(), getClass().getClassLoader());
      try {
        List<String> libraries = new ArrayList<>();
        Arrays.stream(loader.getURLs()).map(URL::getFile).forEach(libraries::add);
        Class<?> clazz;
        if (isOwnJar(file.getJarFile())) {
          clazz = getClass().getClassLoader().loadClass(file.getClassName());
          loader.close();
        } else {
          clazz = loader.loadClass(file.getClassName());
        }
        handlePluginAnnotation(clazz, annotationOf(clazz), libraries, false, file.getFolder());
      } catch (Exception | LinkageError e) {
        LogChannel.GENERAL.logError(
            "Could not register Data Stream implementation "
                + file.getClassName()
                + " from "
                + file.getJarFile()
                + ": "
                + e.getMessage(),
            e);
      }
    }
  }

  private boolean isOwnJar(URL jar) {
    CodeSource source = getClass().getProtectionDomain().getCodeSource();
    return source != null && source.getLocation() != null && sameFile(source.getLocation(), jar);
  }

  private static boolean sameFile(URL a, URL b) {
    try {
      return java.nio.file.Files.isSameFile(
          java.nio.file.Path.of(a.toURI()), java.nio.file.Path.of(b.toURI()));
    } catch (Exception e) {
      return a.sameFile(b);
    }
  }

  /**
   * The class's {@code @DataStreamPlugin}, also when the class was defined by another class loader
   * that has its own copy of the annotation type: its values are then read by name.
   */
  static DataStreamPlugin annotationOf(Class<?> clazz) {
    DataStreamPlugin own = clazz.getAnnotation(DataStreamPlugin.class);
    if (own != null) {
      return own;
    }
    for (Annotation a : clazz.getAnnotations()) {
      if (a.annotationType().getName().equals(DataStreamPlugin.class.getName())) {
        return new ForeignDataStreamPlugin(
            value(a, "id"),
            value(a, "name"),
            value(a, "description"),
            value(a, "documentationUrl"));
      }
    }
    throw new IllegalStateException(
        clazz.getName()
            + " is listed as a Data Stream implementation but has no @DataStreamPlugin annotation");
  }

  private static String value(Annotation a, String element) {
    try {
      return String.valueOf(a.annotationType().getMethod(element).invoke(a));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          "@DataStreamPlugin of another version has no '" + element + "'", e);
    }
  }

  /**
   * The values of a {@code @DataStreamPlugin} read from another class loader's copy of the type.
   */
  @SuppressWarnings("ClassExplicitlyAnnotation")
  private record ForeignDataStreamPlugin(
      String id, String name, String description, String documentationUrl)
      implements DataStreamPlugin {
    @Override
    public Class<? extends Annotation> annotationType() {
      return DataStreamPlugin.class;
    }
  }

  @Override
  protected String extractID(DataStreamPlugin annotation) {
    return annotation.id();
  }

  @Override
  protected String extractName(DataStreamPlugin annotation) {
    return annotation.name();
  }

  @Override
  protected String extractDesc(DataStreamPlugin annotation) {
    return annotation.description();
  }

  @Override
  protected String extractDocumentationUrl(DataStreamPlugin annotation) {
    return annotation.documentationUrl();
  }
}

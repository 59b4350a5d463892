package org.datastreamio.hop.plugin;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@link IDataStreamImplementation} (Arrow Socket, Arrow Flight, Arrow File, ...) so that
 * {@link DataStreamPluginType} registers it. The id is what a Data Stream's metadata JSON stores.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface DataStreamPlugin {
  /** Stored in metadata JSON; never change it once released. */
  String id();

  /** Shown to users, e.g. "Arrow Flight". */
  String name();

  String description() default "";

  String documentationUrl() default "";
}

package org.datastreamio.testing;

import java.lang.reflect.Field;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a shaded jar's relocated gRPC believes about the Netty under it, once loaded the way a host
 * (Hop, a Spark executor) loads it: the host's libraries in a parent class loader, the jar in a
 * child, the child as the thread's context class loader.
 *
 * <p>gRPC reads the Netty version from {@code META-INF/io.netty.versions.properties} and, for a
 * Netty older than 4.1.111, picks a frame cumulator that loses bytes on a newer one ("INTERNAL:
 * Encountered end-of-stream mid-frame", intermittently). A shaded jar must not let the host's file
 * speak for its relocated Netty.
 */
public final class RelocatedGrpcProbe {
  private RelocatedGrpcProbe() {}

  /**
   * Whether the relocated gRPC in {@code jar} (its package prefix {@code relocatedPrefix}, e.g.
   * {@code org.datastreamio.shaded.}) takes its Netty for one older than 4.1.111.
   */
  public static boolean believesNettyIsPre4111(Path jar, String relocatedPrefix, List<Path> host)
      throws Exception {
    List<URL> urls = new ArrayList<>();
    for (Path p : host) {
      urls.add(p.toUri().toURL());
    }
    try (URLClassLoader hostLoader =
            new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
        URLClassLoader jarLoader =
            new URLClassLoader(new URL[] {jar.toUri().toURL()}, hostLoader)) {
      Thread thread = Thread.currentThread();
      ClassLoader previous = thread.getContextClassLoader();
      thread.setContextClassLoader(jarLoader); // Netty finds its version files through this one
      try {
        Class<?> handler =
            Class.forName(
                relocatedPrefix + "io.grpc.netty.GrpcHttp2ConnectionHandler", true, jarLoader);
        Field pre = handler.getDeclaredField("usingPre4_1_111_Netty");
        pre.setAccessible(true);
        return pre.getBoolean(null);
      } finally {
        thread.setContextClassLoader(previous);
      }
    }
  }
}

package org.datastreamio.server;

import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.slf4j.LoggerFactory;

/**
 * gRPC logs a WARNING with a stack trace ("Stream Error ... Stream closed before write could take
 * place") whenever a reader closes a DoGet while the server is sending, which {@code cat --limit}
 * and every range read do as a matter of course. This turns exactly that record into a debug line;
 * every other gRPC record passes unchanged.
 */
final class ClosedStreamLogFilter implements Filter {
  /**
   * Held strongly: java.util.logging keeps loggers only weakly, and a new one would lose the
   * filter.
   */
  private static final Logger GRPC_SERVER_HANDLER =
      Logger.getLogger("io.grpc.netty.NettyServerHandler");

  private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(ClosedStreamLogFilter.class);

  private final Filter previous;

  private ClosedStreamLogFilter(Filter previous) {
    this.previous = previous;
  }

  static synchronized void install() {
    if (!(GRPC_SERVER_HANDLER.getFilter() instanceof ClosedStreamLogFilter)) {
      GRPC_SERVER_HANDLER.setFilter(new ClosedStreamLogFilter(GRPC_SERVER_HANDLER.getFilter()));
    }
  }

  @Override
  public boolean isLoggable(LogRecord record) {
    if (isReaderGone(record.getThrown())) {
      LOG.debug(
          "A reader closed its stream while the server was sending: {}",
          record.getThrown().getMessage());
      return false;
    }
    return previous == null || previous.isLoggable(record);
  }

  private static boolean isReaderGone(Throwable t) {
    return t != null
        && t.getClass().getName().endsWith("Http2Exception$StreamException")
        && String.valueOf(t.getMessage()).contains("Stream closed before write could take place");
  }
}

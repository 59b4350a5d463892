package org.datastreamio.socket;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.time.Duration;
import org.datastreamio.spi.Retry;

/** Opens outgoing connections, retrying while the peer is not up yet. */
final class Dialer {
  private Dialer() {}

  static SocketChannel connect(Endpoint endpoint, Duration timeout, Retry retry)
      throws IOException {
    return retry.run(
        "Connecting to " + endpoint, () -> connectOnce(endpoint, timeout), Dialer::mayHeal);
  }

  /** Refusals and timeouts heal when the listener comes up; anything else will not. */
  private static boolean mayHeal(Throwable e) {
    return e instanceof ConnectException
        || e instanceof SocketTimeoutException
        || e instanceof NoRouteToHostException;
  }

  private static SocketChannel connectOnce(Endpoint endpoint, Duration timeout) throws IOException {
    if (endpoint.isUnix()) {
      if (!Files.exists(endpoint.unixPath())) {
        throw new ConnectException(
            "No Unix socket file at "
                + endpoint.unixPath()
                + " ("
                + endpoint
                + "): nothing is listening there. "
                + hint());
      }
      SocketChannel channel = SocketChannel.open(endpoint.family());
      try {
        channel.connect(endpoint.address());
        return channel;
      } catch (SocketException e) {
        channel.close();
        throw new ConnectException(
            "Connection refused by " + endpoint + " (" + e.getMessage() + "). " + hint());
      }
    }
    SocketChannel channel = SocketChannel.open();
    try {
      // The socket adaptor is the only way to give a blocking TCP connect a timeout.
      channel
          .socket()
          .connect(endpoint.address(), (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
      channel.socket().setTcpNoDelay(true);
      return channel;
    } catch (SocketTimeoutException e) {
      channel.close();
      throw new SocketTimeoutException(
          "No answer from "
              + endpoint
              + " within connectTimeout "
              + timeout.toMillis()
              + " ms: check the host and any firewall, or raise the connectTimeout parameter");
    } catch (ConnectException e) {
      channel.close();
      throw new ConnectException(
          "Connection refused by " + endpoint + ": nothing is listening there. " + hint());
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  private static String hint() {
    return "Start the listening side first (a DataStreamIO read with role=listen, or a pyarrow listener),"
        + " check the address, or raise the 'retries' parameter to wait longer for it.";
  }
}

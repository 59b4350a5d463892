package org.datastreamio.flight;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.unix.DomainSocketAddress;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightGrpcUtils;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Flight clients over Unix domain sockets. Arrow Java 18's own client builder cannot make one (it
 * casts the client channel class to a server channel), so the gRPC channel is built here with
 * Netty's epoll transport; the event loop is ours to shut down with the client.
 */
final class UnixSocketChannels {
  private UnixSocketChannels() {}

  /** A client and the event loop its channel runs on. */
  static final class UnixClient implements AutoCloseable {
    final FlightClient client;
    private final EpollEventLoopGroup group;

    private UnixClient(FlightClient client, EpollEventLoopGroup group) {
      this.client = client;
      this.group = group;
    }

    @Override
    public void close() throws InterruptedException {
      try {
        client.close();
      } finally {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
      }
    }
  }

  static UnixClient connect(String socketPath, BufferAllocator allocator) throws IOException {
    if (!Epoll.isAvailable()) {
      throw new IOException(
          "Flight over Unix sockets needs Netty's native epoll transport (Linux x86_64,"
              + " netty-transport-native-epoll on the classpath), which is not available here: "
              + Epoll.unavailabilityCause());
    }
    EpollEventLoopGroup group = new EpollEventLoopGroup(1);
    ManagedChannel channel =
        NettyChannelBuilder.forAddress(new DomainSocketAddress(socketPath))
            .channelType(EpollDomainSocketChannel.class)
            .eventLoopGroup(group)
            .usePlaintext()
            .maxInboundMessageSize(Integer.MAX_VALUE)
            .build();
    return new UnixClient(FlightGrpcUtils.createFlightClient(allocator, channel), group);
  }
}

package io.modelship.engine.grpc;

import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.modelship.engine.Engine;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * The engine's gRPC endpoint: the Zeebe gateway protocol ({@code GatewayGrpc}, from the Apache-2.0
 * {@code zeebe-gateway-protocol-impl}), plaintext, on its own port. The binding rule is the REST
 * API's: loopback only unless credentials are configured; with credentials, every call needs them
 * as HTTP Basic in the {@code authorization} header.
 */
public final class GrpcGateway implements AutoCloseable {

  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final Server server;

  private GrpcGateway(Server server) {
    this.server = server;
  }

  /**
   * Starts serving on {@code address:port}.
   *
   * @param basicCredentials {@code user:password} to require, or null
   */
  public static GrpcGateway start(
      Engine engine, String address, int port, String basicCredentials) {
    GatewayService service = new GatewayService(engine, address, port);
    Server server =
        NettyServerBuilder.forAddress(new InetSocketAddress(address, port))
            .addService(
                basicCredentials == null
                    ? service.bindService()
                    : ServerInterceptors.intercept(service, new BasicAuth(basicCredentials)))
            .permitKeepAliveWithoutCalls(true)
            .permitKeepAliveTime(10, TimeUnit.SECONDS)
            .build();
    try {
      server.start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "Expected to serve the engine's gRPC gateway on %s:%d, but: %s"
              .formatted(address, port, e.getMessage()),
          e);
    }
    return new GrpcGateway(server);
  }

  public int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    server.shutdownNow();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static final class BasicAuth implements ServerInterceptor {

    private final byte[] expected;

    BasicAuth(String credentials) {
      this.expected = credentials.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
        ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
      String header = headers.get(AUTHORIZATION);
      byte[] given = null;
      if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
        try {
          given = Base64.getDecoder().decode(header.substring(6).strip());
        } catch (IllegalArgumentException malformed) {
          given = null;
        }
      }
      if (given == null || !MessageDigest.isEqual(expected, given)) {
        call.close(
            Status.UNAUTHENTICATED.withDescription(
                "Expected valid Basic credentials for the engine's gRPC gateway, but none or wrong ones were sent"),
            new Metadata());
        return new ServerCall.Listener<>() {};
      }
      return next.startCall(call, headers);
    }
  }
}

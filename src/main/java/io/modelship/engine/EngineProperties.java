package io.modelship.engine;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the embedded engine ({@code modelship.engine.*}); the README documents each.
 *
 * @param enabled run the embedded engine at all
 * @param standalone serve {@code /v2} on {@code server.port} (the {@code engine} profile) instead
 *     of on a connector of its own
 * @param port the engine's own connector when not standalone; 0 picks a free port at start
 * @param address where the engine's connector binds; anything but loopback needs credentials
 * @param username with {@code password}: require HTTP Basic credentials on {@code /v2}
 * @param dataDir the data folder; relative to the working directory
 * @param clockControl serve {@code PUT /v2/clock} and {@code POST /v2/clock/reset}
 * @param maxRequestSize the largest request body {@code /v2} accepts
 * @param deleteDataOnClose delete the data folder when the engine stops (tests' throw-away folders)
 * @param historySize how many finished process instances stay searchable at most
 * @param historyRetention how long a finished process instance stays searchable at most
 * @param grpcPort the port of the engine's gRPC gateway (on {@code address}, or {@code
 *     server.address} when standalone); 0 picks a free port at start, -1 turns it off
 * @param commandTimeout how long a request waits for its command to be durable before it is
 *     answered 503 (a writer that hangs must not hold request threads forever)
 */
@ConfigurationProperties("modelship.engine")
public record EngineProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("false") boolean standalone,
    @DefaultValue("8088") int port,
    @DefaultValue("127.0.0.1") String address,
    String username,
    String password,
    @DefaultValue("data/engine") Path dataDir,
    @DefaultValue("false") boolean clockControl,
    @DefaultValue("4MB") DataSize maxRequestSize,
    @DefaultValue("false") boolean deleteDataOnClose,
    @DefaultValue("10000") int historySize,
    @DefaultValue("P7D") java.time.Duration historyRetention,
    @DefaultValue("-1") int grpcPort,
    @DefaultValue("30s") java.time.Duration commandTimeout) {

  /**
   * Enforces the binding rule: without credentials, the engine API may bind to loopback only.
   *
   * @throws IllegalStateException naming the address and what to configure
   */
  public void checkBinding(String boundAddress) {
    if (!hasCredentials() && !isLoopback(boundAddress)) {
      throw new IllegalStateException(
          ("Expected the engine API to bind to a loopback address, or credentials"
                  + " (modelship.engine.username and password) to be configured, but it would bind"
                  + " to '%s' without")
              .formatted(boundAddress));
    }
  }

  private static boolean isLoopback(String address) {
    try {
      return InetAddress.getByName(address).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  public boolean hasCredentials() {
    return username != null && !username.isBlank() && password != null && !password.isBlank();
  }
}

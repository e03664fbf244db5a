package io.modelship.deploy;

import io.modelship.step.BusinessOutcomeException;
import io.modelship.step.ErrorCode;
import io.modelship.step.TransientStepException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * How both local targets (a container, a process on this machine) give a new app a port and wait
 * for it to answer its health path before the previous one is taken down: any status below 500
 * counts as an answer.
 */
final class LocalHealthProbe {

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
  private static final long PAUSE_MILLIS = 200;

  private final String address;
  private final String healthPath;
  private final Duration timeout;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();

  LocalHealthProbe(String address, String healthPath, Duration timeout) {
    this.address = address;
    this.healthPath = healthPath;
    this.timeout = timeout;
  }

  /** A port free on the probe's loopback address, for the next app. */
  int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(address))) {
      return socket.getLocalPort();
    }
  }

  /** The address an app listening on {@code port} answers at. */
  URI endpoint(int port) {
    return URI.create("http://" + address + ":" + port);
  }

  /** Whether something answers the health path at {@code endpoint} (any status). */
  boolean answers(URI endpoint) {
    return status(endpoint) != null;
  }

  /**
   * Null once the app answers; else why it never did within the timeout. {@code exited} says why
   * the app is gone (null while it runs) and is asked before each probe.
   *
   * @throws TransientStepException when the waiting thread is interrupted
   */
  String awaitHealthy(URI endpoint, Supplier<String> exited) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "it never answered";
    while (System.nanoTime() < deadline) {
      String gone = exited.get();
      if (gone != null) {
        return gone;
      }
      Integer status = status(endpoint);
      if (status != null && status < 500) {
        return null;
      }
      if (status != null) {
        last = "it answered " + status;
      }
      try {
        Thread.sleep(PAUSE_MILLIS);
      } catch (InterruptedException e) {
        throw interrupted(e);
      }
    }
    return last;
  }

  /** The rollout failure of an app that never answered: {@code ROLLOUT_FAILED}. */
  BusinessOutcomeException notHealthy(
      String app, URI endpoint, String problem, String stillServing) {
    return new BusinessOutcomeException(
        ErrorCode.ROLLOUT_FAILED,
        "Expected "
            + app
            + " to answer on "
            + endpoint
            + healthPath
            + " within "
            + timeout.toSeconds()
            + " s, but "
            + problem
            + "; the previous "
            + stillServing
            + " keeps serving");
  }

  /** The status of a GET on the health path, or null when nothing answers. */
  private Integer status(URI endpoint) {
    try {
      return http.send(
              HttpRequest.newBuilder(endpoint.resolve(healthPath))
                  .timeout(REQUEST_TIMEOUT)
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      throw interrupted(e);
    }
  }

  private static TransientStepException interrupted(InterruptedException e) {
    Thread.currentThread().interrupt();
    return new TransientStepException("Interrupted during the health check", e);
  }
}

package io.modelship.servers;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * A real HTTP receiver for webhooks (the JDK's HTTP server on loopback): it records every request
 * it gets and answers with the statuses it was told to, then 200. Stand-in for a Slack, Teams or
 * any other webhook endpoint; the secret part of a real webhook URL is its path, so each receiver
 * has a random one.
 */
public final class WebhookReceiver implements AutoCloseable {

  /** A request as received. */
  public record Received(
      String method, String path, Map<String, List<String>> headers, byte[] body) {

    public String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }

    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private final HttpServer server;
  private final String path;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Deque<Integer> statuses = new ArrayDeque<>();

  private WebhookReceiver(String path) throws IOException {
    this.path = path;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newFixedThreadPool(2));
    server.start();
  }

  /** Starts a receiver whose URL has a random secret path. */
  public static WebhookReceiver start() {
    try {
      return new WebhookReceiver("/hooks/" + java.util.UUID.randomUUID());
    } catch (IOException e) {
      throw new IllegalStateException("Expected a loopback HTTP server to start, but: " + e, e);
    }
  }

  /** The URL to post to (a secret, as a real webhook URL is). */
  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  /** The next requests are answered with these statuses, in order; then 200 again. */
  public synchronized void answerNext(int... codes) {
    for (int code : codes) {
      statuses.add(code);
    }
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  /** Waits until a request matching the filter arrived (at most {@code timeout}). */
  public Received await(Predicate<Received> filter, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (Received r : received) {
        if (filter.test(r)) {
          return r;
        }
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new AssertionError(
        "Expected a matching request at "
            + path
            + " within "
            + timeout
            + ", but got "
            + received.size()
            + " others");
  }

  private void handle(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    received.add(
        new Received(
            exchange.getRequestMethod(),
            exchange.getRequestURI().getPath(),
            Map.copyOf(exchange.getRequestHeaders()),
            body));
    int status;
    synchronized (this) {
      Integer next = statuses.poll();
      status = next == null ? 200 : next;
    }
    if (!exchange.getRequestURI().getPath().equals(path)) {
      status = 404;
    }
    byte[] answer = (status < 300 ? "ok" : "no").getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, answer.length);
    exchange.getResponseBody().write(answer);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}

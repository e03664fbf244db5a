package io.modelship.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.CamundaClient;
import io.modelship.servers.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged jar as an operator runs it (default profile: orchestrator, workers and the embedded
 * engine), on free loopback ports, with two users: {@code admin} (read, trigger, release-managers)
 * and {@code reader} (read), whose passwords are made up per start. admin may approve the releases
 * it starts ({@code modelship.approvals.allow-self-approval=true}). Its output goes to {@code
 * modelship.log} in its folder.
 */
final class ConsoleServer implements AutoCloseable {

  final String adminPassword = "admin-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
  final String readerPassword =
      "reader-" + Long.toHexString(Double.doubleToLongBits(Math.random()));

  private final Process process;
  private final int port;
  private final int enginePort;

  private ConsoleServer(Path dir, Path log, Map<String, String> properties) throws IOException {
    String jar = System.getProperty("modelship.jar", "target/modelship.jar");
    assertThat(Path.of(jar)).as("the packaged jar (run ./mvnw package)").exists();
    port = FreePorts.loopback();
    enginePort = FreePorts.loopback();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "-Xmx512m",
            "-jar",
            jar,
            "--server.port=" + port,
            "--server.address=127.0.0.1",
            "--modelship.engine.port=" + enginePort,
            "--modelship.engine.grpc-port=" + FreePorts.loopback(),
            "--modelship.data-dir=" + dir.resolve("data"),
            "--modelship.api.users[0].name=admin",
            "--modelship.api.users[0].password=" + adminPassword,
            "--modelship.api.users[0].roles=read,trigger,release-managers",
            "--modelship.api.users[1].name=reader",
            "--modelship.api.users[1].password=" + readerPassword,
            "--modelship.api.users[1].roles=read",
            // admin both starts and approves the test's releases.
            "--modelship.approvals.allow-self-approval=true"));
    properties.forEach((name, value) -> command.add("--" + name + "=" + value));
    process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
  }

  /**
   * Starts the jar and waits until it is ready to take work; a jar that does not start is stopped.
   */
  static ConsoleServer start(Path dir) throws Exception {
    return start(dir, Map.of());
  }

  /**
   * As {@link #start(Path)}, with more Spring properties (e.g. the pipeline's registry, apps and
   * model store); they come after the defaults, so they may replace one.
   */
  static ConsoleServer start(Path dir, Map<String, String> properties) throws Exception {
    Path log = dir.resolve("modelship.log");
    Files.createDirectories(dir);
    ConsoleServer server = new ConsoleServer(dir, log, properties);
    try {
      server.awaitReady(Duration.ofMinutes(3), log);
    } catch (Exception e) {
      server.close();
      throw e;
    }
    return server;
  }

  private void awaitReady(Duration timeout, Path log) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    Instant until = Instant.now().plus(timeout);
    while (Instant.now().isBefore(until)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Expected Modelship to start, but it exited; see " + log);
      }
      try {
        var response =
            http.send(
                HttpRequest.newBuilder(URI.create(url() + "/actuator/health/readiness")).build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // Not listening yet.
      }
      Thread.sleep(300);
    }
    throw new IllegalStateException(
        "Expected Modelship to be ready within " + timeout + "; see " + log);
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  /** A client of the embedded engine, as a Camunda 8 cluster's client would be. */
  CamundaClient engineClient() {
    return CamundaClient.newClientBuilder()
        .restAddress(URI.create("http://127.0.0.1:" + enginePort))
        .preferRestOverGrpc(true)
        .build();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor();
      }
    }
  }
}

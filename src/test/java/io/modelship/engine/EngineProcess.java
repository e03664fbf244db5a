package io.modelship.engine;

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
import java.util.List;

/**
 * The packaged jar, started as a child process with the {@code engine} profile on a free loopback
 * port and a given data folder; for the durability test, the benchmark and the process tests.
 */
public final class EngineProcess implements AutoCloseable {

  private final Process process;
  private final int port;
  private final int grpcPort;

  private EngineProcess(Process process, int port, int grpcPort) {
    this.process = process;
    this.port = port;
    this.grpcPort = grpcPort;
  }

  /** Starts the jar and waits until its engine answers; a jar that does not start is stopped. */
  public static EngineProcess start(Path dataDir, Path log, String... jvmOptions) throws Exception {
    return start(
        System.getProperty("modelship.jar", "target/modelship.jar"),
        dataDir,
        log,
        List.of(jvmOptions));
  }

  /** Starts the given jar (a benchmark's baseline, say) and waits until its engine answers. */
  public static EngineProcess start(String jar, Path dataDir, Path log, List<String> jvmOptions)
      throws Exception {
    assertThat(Path.of(jar)).as("the packaged jar (run ./mvnw package)").exists();
    int port = FreePorts.loopback();
    int grpcPort = FreePorts.loopback();
    List<String> command = new java.util.ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(
        List.of(
            "-jar",
            jar,
            "--spring.profiles.active=engine",
            "--server.port=" + port,
            "--modelship.engine.grpc-port=" + grpcPort,
            "--modelship.engine.data-dir=" + dataDir));
    Files.createDirectories(log.getParent());
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    EngineProcess engine = new EngineProcess(process, port, grpcPort);
    try {
      engine.awaitReady(Duration.ofMinutes(2), log);
    } catch (Exception e) {
      engine.close();
      throw e;
    }
    return engine;
  }

  private void awaitReady(Duration timeout, Path log) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    Instant until = Instant.now().plus(timeout);
    while (Instant.now().isBefore(until)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Expected the engine to start, but it exited; see " + log);
      }
      try {
        var response =
            http.send(
                HttpRequest.newBuilder(URI.create(address() + "/v2/topology")).build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // Not listening yet.
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(
        "Expected the engine to answer within " + timeout + "; see " + log);
  }

  /** The REST address ({@code /v2}), which also serves the monitoring endpoints. */
  public String address() {
    return "http://127.0.0.1:" + port;
  }

  /** The REST port (loopback). */
  public int port() {
    return port;
  }

  public String grpcAddress() {
    return "http://127.0.0.1:" + grpcPort;
  }

  public CamundaClient client() {
    return CamundaClient.newClientBuilder()
        .restAddress(URI.create(address()))
        .preferRestOverGrpc(true)
        .build();
  }

  /** The engine JVM's process id (for benchmarks that read its memory). */
  public long pid() {
    return process.pid();
  }

  /** kill -9: no shutdown hook runs, nothing is flushed on the way out. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** SIGTERM, so shutdown hooks run (a JFR recording is written); kill -9 after 30 s. */
  public void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
      kill();
    }
  }

  /** The exit code of an engine that has stopped: 143 after SIGTERM, 137 after kill -9. */
  public int exitCode() {
    return process.exitValue();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}

package io.modelship.pipeline;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.springframework.util.FileSystemUtils;

/**
 * The engine the process tests run on, once per JVM: the packaged jar in the {@code engine}
 * profile, a child process on free loopback ports (REST and monitoring on one, gRPC on another),
 * addressed by Camunda Process Test's remote runtime as it would address a Camunda 8 cluster.
 * Stopped by its PID, and its data folder deleted, when the JVM exits.
 */
final class PackagedEngine {

  private static PackagedEngine instance;

  private final Process process;
  private final int port;
  private final int grpcPort;

  private PackagedEngine(Process process, int port, int grpcPort) {
    this.process = process;
    this.port = port;
    this.grpcPort = grpcPort;
  }

  static synchronized PackagedEngine get() {
    if (instance == null) {
      try {
        instance = start();
      } catch (IOException e) {
        throw new IllegalStateException(
            "Expected to start the packaged jar's engine, but " + e.getMessage(), e);
      }
    }
    return instance;
  }

  /** The REST address ({@code /v2}), which also serves the monitoring endpoints. */
  String restAddress() {
    return "http://127.0.0.1:" + port;
  }

  String grpcAddress() {
    return "http://127.0.0.1:" + grpcPort;
  }

  private static PackagedEngine start() throws IOException {
    Path jar = Path.of(System.getProperty("modelship.jar", "target/modelship.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "Expected the packaged jar at "
              + jar.toAbsolutePath()
              + ", but it is not there: run"
              + " ./mvnw package (failsafe passes it as modelship.jar)");
    }
    Path dir = Files.createTempDirectory("modelship-process-engine-");
    int port = freePort();
    int grpcPort = freePort();
    Path log = dir.resolve("engine.log");
    Process process =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m",
                    "-jar",
                    jar.toAbsolutePath().toString(),
                    "--spring.profiles.active=engine",
                    "--server.port=" + port,
                    "--modelship.engine.grpc-port=" + grpcPort,
                    "--modelship.engine.data-dir=" + dir.resolve("data")))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stop(process);
                  FileSystemUtils.deleteRecursively(dir.toFile());
                },
                "packaged-engine-stop"));
    PackagedEngine engine = new PackagedEngine(process, port, grpcPort);
    engine.awaitReady(Duration.ofMinutes(2), log);
    return engine;
  }

  private void awaitReady(Duration timeout, Path log) throws IOException {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest ready =
        HttpRequest.newBuilder(URI.create(restAddress() + "/actuator/health/readiness")).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "Expected the packaged jar's engine to start, but it exited with code "
                + process.exitValue()
                + "; its output:\n"
                + Files.readString(log));
      }
      try {
        if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // Not listening yet.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while the engine started", e);
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while the engine started", e);
      }
    }
    stop(process);
    throw new IllegalStateException(
        "Expected the packaged jar's engine to be ready within "
            + timeout.toSeconds()
            + " s, but it was not; its output is in "
            + log);
  }

  private static void stop(Process process) {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}

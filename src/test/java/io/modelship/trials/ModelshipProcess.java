package io.modelship.trials;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The packaged Modelship jar as its own process on one data folder: started, killed with SIGKILL
 * ({@link Process#destroyForcibly()} is {@code kill -9} on Linux), and started again on the same
 * data. The app processes it started (local-process deployments) outlive a kill; they are stopped
 * when the trials end.
 */
final class ModelshipProcess implements AutoCloseable {

  private final List<String> command;
  private final Path log;
  private final URI base;
  private final Set<ProcessHandle> orphans = new HashSet<>();
  private Process process;
  private int starts;

  ModelshipProcess(Path jar, int port, List<String> properties, Path log) {
    this.command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.add("-jar");
    command.add(jar.toAbsolutePath().toString());
    command.add("--server.port=" + port);
    command.addAll(properties);
    this.log = log;
    this.base = URI.create("http://127.0.0.1:" + port);
  }

  URI base() {
    return base;
  }

  /** Starts the jar and waits until it is ready; returns the time it was started (nanos). */
  long start(Duration timeout) throws IOException, InterruptedException {
    starts++;
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    long started = System.nanoTime();
    process = builder.start();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = started + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "Expected Modelship to start, but it exited with "
                + process.exitValue()
                + "; see "
                + log);
      }
      try {
        HttpResponse<Void> ready =
            http.send(
                HttpRequest.newBuilder(base.resolve("/actuator/health/readiness"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (ready.statusCode() == 200) {
          return started;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(
        "Expected Modelship to be ready within " + timeout + ", but it was not; see " + log);
  }

  /** kill -9, as an OOM kill or a drained node does; the app processes it started live on. */
  void kill() throws InterruptedException {
    process.descendants().forEach(orphans::add);
    process.destroyForcibly();
    process.waitFor();
  }

  int starts() {
    return starts;
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.descendants().forEach(orphans::add);
      process.destroy();
      if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
    orphans.forEach(ProcessHandle::destroyForcibly);
  }
}

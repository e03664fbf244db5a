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
 *
 * <p>With a class data sharing archive ({@link #withArchive}, made by {@code bin/cds-archive}) it
 * starts the extracted jar with {@code -Xshare:on}: a JVM that cannot use the archive refuses to
 * start instead of starting slowly without it.
 */
final class ModelshipProcess implements AutoCloseable {

  private final List<String> command;
  private final Path log;
  private final URI base;
  private final Set<ProcessHandle> orphans = new HashSet<>();
  private Process process;
  private int starts;
  private double lastReadySeconds = -1;

  ModelshipProcess(Path jar, int port, List<String> properties, Path log) {
    this(List.of("-jar", jar.toAbsolutePath().toString()), port, properties, log);
  }

  private ModelshipProcess(List<String> launch, int port, List<String> properties, Path log) {
    this.command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.addAll(launch);
    command.add("--server.port=" + port);
    command.addAll(properties);
    this.log = log;
    this.base = URI.create("http://127.0.0.1:" + port);
  }

  /**
   * The jar started from its class data sharing archive, which {@code bin/cds-archive} makes in
   * {@code cds} once per jar; fails, with the script's words, when it cannot be made.
   */
  static ModelshipProcess withArchive(
      Path jar, Path cds, int port, List<String> properties, Path log)
      throws IOException, InterruptedException {
    Process make =
        new ProcessBuilder(
                "bin/cds-archive", jar.toAbsolutePath().toString(), cds.toAbsolutePath().toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(make.getInputStream().readAllBytes()).strip();
    if (!make.waitFor(10, java.util.concurrent.TimeUnit.MINUTES) || make.exitValue() != 0) {
      make.destroyForcibly();
      throw new IllegalStateException(
          "Expected bin/cds-archive to make the class data sharing archive of "
              + jar
              + ", but it failed:\n"
              + output);
    }
    if (!output.isEmpty()) {
      System.out.println(output);
    }
    Path absolute = cds.toAbsolutePath();
    return new ModelshipProcess(
        List.of(
            "-Xshare:on",
            "-XX:SharedArchiveFile=" + absolute.resolve("app.jsa"),
            "-Xlog:cds=off",
            "-jar",
            absolute.resolve("app").resolve("modelship.jar").toString()),
        port,
        properties,
        log);
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
          lastReadySeconds = (System.nanoTime() - started) / 1e9;
          System.out.printf(
              "crash trials: Modelship ready %.1f s after start %d%n", lastReadySeconds, starts);
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

  /** Seconds from the last start to ready. */
  double lastReadySeconds() {
    return lastReadySeconds;
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

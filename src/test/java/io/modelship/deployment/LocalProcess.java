package io.modelship.deployment;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the sample's commands as processes, with Debian's python3 and gunicorn first on {@code
 * PATH}: a pyenv python that comes first on this machine's {@code PATH} cannot see Debian's {@code
 * python3-flask} and {@code python3-pytest}.
 */
final class LocalProcess {

  private LocalProcess() {}

  /** What a finished command printed (stdout and stderr together) and its exit code. */
  record Result(int exitCode, String output) {}

  static Result run(Path dir, List<String> command, Map<String, String> env, Duration timeout)
      throws IOException, InterruptedException {
    Path output = Files.createTempFile("sample-process", ".log");
    try {
      Process process = builder(dir, command, env).redirectOutput(output.toFile()).start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        stop(process);
        fail("Expected %s to finish within %s, but it did not", command, timeout);
      }
      return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(output);
    }
  }

  static Process start(Path dir, List<String> command, Map<String, String> env) throws IOException {
    return builder(dir, command, env).redirectOutput(dir.resolve("server.log").toFile()).start();
  }

  /**
   * Waits until a server answers 200 (a server may answer 503 while it starts), and returns its
   * last answer: a 200, or whatever it said when the time was up.
   */
  static HttpResponse<String> awaitAnswer(HttpClient http, URI uri, Duration timeout)
      throws Exception {
    return awaitAnswer(http, uri, null, null, timeout);
  }

  /** As above, failing early with the server's log if its process exits. */
  static HttpResponse<String> awaitAnswer(HttpClient http, URI uri, Process server, Path log)
      throws Exception {
    return awaitAnswer(http, uri, server, log, Duration.ofSeconds(30));
  }

  private static HttpResponse<String> awaitAnswer(
      HttpClient http, URI uri, Process server, Path log, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (server != null && !server.isAlive()) {
        fail("Expected the server to answer %s, but it exited:%n%s", uri, Files.readString(log));
      }
      boolean late = System.nanoTime() > deadline;
      try {
        HttpResponse<String> answer =
            http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() == 200 || late) {
          return answer;
        }
      } catch (IOException e) { // refused, or reset while it starts
        if (late) {
          fail("Expected the server to answer %s within %s, but it did not", uri, timeout);
        }
      }
      Thread.sleep(100);
    }
  }

  /** Stops the process and its children (gunicorn's workers) by PID. */
  static void stop(Process process) throws InterruptedException {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor();
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static ProcessBuilder builder(Path dir, List<String> command, Map<String, String> env) {
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    // A null value removes the variable from what the process inherits.
    env.forEach(
        (name, value) -> {
          if (value == null) {
            builder.environment().remove(name);
          } else {
            builder.environment().put(name, value);
          }
        });
    builder.environment().put("PATH", "/usr/bin:/bin:" + System.getenv("PATH"));
    return builder.redirectErrorStream(true);
  }
}

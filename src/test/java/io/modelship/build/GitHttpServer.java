package io.modelship.build;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Git's own {@code git http-backend} over smart HTTP on a free loopback port, behind basic auth
 * that accepts one user and token, run by Debian's python3. Serves the repositories under a root
 * folder; stopped by its PID. Fails (never skips) when python3 or git are missing.
 */
final class GitHttpServer implements AutoCloseable {

  private final Process process;
  private final int port;

  GitHttpServer(Path root, String user, String token) throws IOException, InterruptedException {
    Path python = Path.of("/usr/bin/python3");
    if (!Files.isExecutable(python) || !Files.isExecutable(Path.of("/usr/bin/git"))) {
      throw new IllegalStateException(
          "Expected Debian's python3 and git for the git HTTP server, but one is missing");
    }
    Path script = Files.createTempFile("git-http-server", ".py");
    try (InputStream in = GitHttpServer.class.getResourceAsStream("git-http-server.py")) {
      Files.write(script, in.readAllBytes());
    }
    Path portFile = Files.createTempFile("git-http-port", ".txt");
    Files.delete(portFile);
    process =
        new ProcessBuilder(
                python.toString(),
                script.toString(),
                root.toString(),
                portFile.toString(),
                user,
                token)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!Files.exists(portFile)) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        close();
        throw new IllegalStateException(
            "Expected the git HTTP server to start, but it did not (exit "
                + (process.isAlive() ? "none" : process.exitValue())
                + ")");
      }
      Thread.sleep(50);
    }
    port = Integer.parseInt(Files.readString(portFile).strip());
  }

  String url(String repository) {
    return "http://127.0.0.1:" + port + "/" + repository;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}

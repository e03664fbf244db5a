package io.modelship.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PostgreSQL server for tests: a cluster of Debian's {@code postgresql}, made and started
 * with its cluster tools ({@code pg_createcluster}, {@code pg_ctlcluster}), which run the server as
 * the {@code postgres} user even when the tests run as root. Its data lives in a temporary folder;
 * it listens on 127.0.0.1 on a free port with trust authentication, and is dropped when the tests
 * end.
 *
 * <p>Register it with {@code @RegisterExtension static PostgresServer postgres = new
 * PostgresServer();}. When PostgreSQL is not installed or cannot start, the test fails with a
 * message naming what is missing; it never skips.
 */
public final class PostgresServer implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

  private static final Path CREATE_CLUSTER = Path.of("/usr/bin/pg_createcluster");
  private static final Path VERSIONS = Path.of("/usr/lib/postgresql");
  private static final Path CONFIGS = Path.of("/etc/postgresql");

  private String version;
  private String cluster;
  private Path root;
  private int port;
  private boolean stopped;
  private Thread shutdownHook;

  @Override
  public void beforeAll(ExtensionContext context) {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  /** {@code jdbc:postgresql://127.0.0.1:PORT/postgres}. */
  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
  }

  /** The superuser, {@code postgres}; trust authentication, so any password is accepted. */
  public String username() {
    return "postgres";
  }

  public int port() {
    return port;
  }

  public synchronized void start() {
    if (cluster != null) {
      return;
    }
    if (!Files.isExecutable(CREATE_CLUSTER) || !Files.isDirectory(VERSIONS)) {
      throw new IllegalStateException(
          "Expected Debian's postgresql (pg_createcluster under /usr/bin), but it is not"
              + " installed: run bin/setup");
    }
    try {
      version = newestVersion();
      port = FreePorts.loopback();
      cluster = "modelship-test-" + port;
      root = Files.createTempDirectory("modelship-postgres-");
      if (isRoot()) {
        // The server runs as postgres, which must own the folder it writes its data into.
        UserPrincipal postgres =
            FileSystems.getDefault()
                .getUserPrincipalLookupService()
                .lookupPrincipalByName("postgres");
        Files.setOwner(root, postgres);
      }
      shutdownHook = new Thread(this::drop, "postgres-server-stop");
      Runtime.getRuntime().addShutdownHook(shutdownHook);
      run(
          "pg_createcluster",
          version,
          cluster,
          "-p",
          String.valueOf(port),
          "-d",
          root.resolve("data").toString(),
          "--start-conf=manual",
          "--",
          "-A",
          "trust",
          "-U",
          "postgres");
      Files.writeString(
          CONFIGS.resolve(version).resolve(cluster).resolve("conf.d/modelship-test.conf"),
          "listen_addresses = '127.0.0.1'\n"
              + "unix_socket_directories = '"
              + root
              + "'\n"
              + "fsync = off\n"
              + "synchronous_commit = off\n",
          StandardCharsets.UTF_8);
      run("pg_ctlcluster", version, cluster, "start");
    } catch (IOException e) {
      drop();
      throw new UncheckedIOException("Expected PostgreSQL to start, but: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      drop();
      throw e;
    }
  }

  /**
   * Stops the server (a fast shutdown: open connections are cut), keeping its data and port for
   * {@link #resume()}: a database restart as its clients see it.
   */
  public synchronized void stop() {
    requireStarted();
    if (!stopped) {
      run("pg_ctlcluster", version, cluster, "stop", "-m", "fast");
      stopped = true;
    }
  }

  /** Starts the server again after {@link #stop()}, on the same port and data. */
  public synchronized void resume() {
    requireStarted();
    if (stopped) {
      run("pg_ctlcluster", version, cluster, "start");
      stopped = false;
    }
  }

  private void requireStarted() {
    if (cluster == null) {
      throw new IllegalStateException("Expected PostgreSQL to be started, but it is not");
    }
  }

  @Override
  public synchronized void close() {
    if (shutdownHook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs anyway
      }
      shutdownHook = null;
    }
    drop();
  }

  private synchronized void drop() {
    if (cluster == null) {
      return;
    }
    try {
      run("pg_dropcluster", version, cluster, "--stop");
    } catch (RuntimeException e) {
      System.err.println("PostgresServer: " + e.getMessage());
    }
    deleteTree(CONFIGS.resolve(version).resolve(cluster));
    deleteTree(root);
    cluster = null;
  }

  private static void run(String... command) {
    List<String> line = new ArrayList<>(List.of(command));
    try {
      Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("Expected " + line + " to finish in 60 s, but it hung");
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            "Expected "
                + line
                + " to exit 0, but it exited "
                + process.exitValue()
                + ": "
                + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Expected to run " + line + " (Debian's postgresql-common; run bin/setup), but: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while running " + line, e);
    }
  }

  private static String newestVersion() throws IOException {
    try (Stream<Path> versions = Files.list(VERSIONS)) {
      return versions
          .map(p -> p.getFileName().toString())
          .filter(v -> v.matches("\\d+"))
          .max(Comparator.comparingInt(Integer::parseInt))
          .orElseThrow(
              () ->
                  new IllegalStateException(
                      "Expected a PostgreSQL server under " + VERSIONS + ", but found none"));
    }
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("PostgresServer: could not delete " + dir + ": " + e.getMessage());
    }
  }
}

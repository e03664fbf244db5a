package io.modelship.servers;

import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.util.FileSystemUtils;

/**
 * Azurite's blob service, Microsoft's Azure Storage emulator, on a free loopback port for one test
 * class. Register it as a static field with {@code @RegisterExtension}.
 *
 * <p>It runs {@code node} on the script itself (not through npx), so the process we start is the
 * server and stopping it by PID stops the server. The pinned Azurite comes from {@code
 * tools/azurite} ({@code bin/setup} installs it); when it is missing the test fails, naming what to
 * run.
 */
public final class AzuriteServer implements BeforeAllCallback, AfterAllCallback {

  /** Azurite's well-known development account. */
  public static final String ACCOUNT = "devstoreaccount1";

  /** The well-known key of {@link #ACCOUNT}; public, documented by Microsoft, not a secret. */
  public static final String ACCOUNT_KEY =
      "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private Process process;
  private Path location;
  private int port;

  @Override
  public void beforeAll(ExtensionContext context) {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stop();
  }

  /** Starts the server; {@link #stop()} must follow. */
  public void start() {
    Path script = azuriteBlobScript();
    try {
      location = Files.createTempDirectory("azurite-");
      port = FreePorts.loopback();
      Path out = location.resolve("azurite.out");
      process =
          new ProcessBuilder(
                  List.of(
                      "node",
                      script.toString(),
                      "--blobHost",
                      "127.0.0.1",
                      "--blobPort",
                      Integer.toString(port),
                      "--location",
                      location.resolve("data").toString(),
                      "--loose",
                      "--skipApiVersionCheck",
                      "--disableTelemetry"))
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .start();
      awaitPort(out);
    } catch (IOException e) {
      stop();
      throw new IllegalStateException(
          "Expected to start Azurite with node, but it failed: " + e.getMessage(), e);
    }
  }

  /** Stops the server by its PID and removes its data. */
  public void stop() {
    if (process != null) {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
      process = null;
    }
    if (location != null) {
      try {
        FileSystemUtils.deleteRecursively(location);
      } catch (IOException ignored) {
        // best effort: a temp folder left behind is not a test failure
      }
      location = null;
    }
  }

  public int port() {
    return port;
  }

  /** The PID of the server process. */
  public long pid() {
    return process.pid();
  }

  /** The blob endpoint of {@link #ACCOUNT}, path-style as emulators use. */
  public String blobEndpoint() {
    return "http://127.0.0.1:" + port + "/" + ACCOUNT;
  }

  /** An endpoint template for any account, as Modelship's properties take it. */
  public String endpointTemplate() {
    return "http://127.0.0.1:" + port + "/{account}";
  }

  public String connectionString() {
    return "DefaultEndpointsProtocol=http;AccountName="
        + ACCOUNT
        + ";AccountKey="
        + ACCOUNT_KEY
        + ";BlobEndpoint="
        + blobEndpoint()
        + ";";
  }

  /** A client with the account key, for the test's own setup. */
  public BlobServiceClient serviceClient() {
    return new BlobServiceClientBuilder().connectionString(connectionString()).buildClient();
  }

  private void awaitPort(Path out) throws IOException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "Expected Azurite to listen on 127.0.0.1:"
                + port
                + ", but it exited with "
                + process.exitValue()
                + ": "
                + Files.readString(out, StandardCharsets.UTF_8));
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        sleep(100);
      }
    }
    throw new IllegalStateException(
        "Expected Azurite to listen on 127.0.0.1:"
            + port
            + " within "
            + START_TIMEOUT
            + ", but no");
  }

  private static Path azuriteBlobScript() {
    Path script =
        Path.of("tools/azurite/node_modules/azurite/dist/src/blob/main.js").toAbsolutePath();
    if (!Files.isRegularFile(script)) {
      throw new IllegalStateException(
          "Expected Azurite at " + script + ", but it is missing: run bin/setup");
    }
    return script;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for Azurite", e);
    }
  }
}

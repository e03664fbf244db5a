package io.modelship.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.util.FileSystemUtils;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * s3proxy, an S3-compatible server that checks SigV4 signatures, inside the test JVM on a free
 * loopback port, storing objects in a temporary folder. Register it as a static field with
 * {@code @RegisterExtension}. Clients need path-style access.
 */
public final class S3ProxyServer implements BeforeAllCallback, AfterAllCallback {

  public static final String ACCESS_KEY_ID = "modelship-test";

  /** A test-only secret, made up for this server. */
  public static final String SECRET_ACCESS_KEY = "s3proxy-test-secret-Xq7Lp2Vw9Zr4";

  public static final Region REGION = Region.US_EAST_1;

  private S3Proxy proxy;
  private Path root;
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
    try {
      root = Files.createTempDirectory("s3proxy-");
      serve(FreePorts.loopback());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Takes the server down as an outage would, keeping its port and objects for {@link #resume()}:
   * connections to it are refused meanwhile.
   */
  public void suspend() {
    port = port();
    try {
      proxy.stop();
    } catch (Exception e) {
      throw new IllegalStateException("Expected to stop s3proxy, but: " + e.getMessage(), e);
    }
    proxy = null;
  }

  /** Serves again if {@link #suspend() suspended}; nothing otherwise. */
  public void resumeIfSuspended() {
    if (proxy == null && root != null) {
      resume();
    }
  }

  /** Serves again, on the same port and with the same objects, after {@link #suspend()}. */
  public void resume() {
    serve(port);
  }

  private void serve(int onPort) {
    try {
      proxy =
          S3Proxy.builder()
              .blobStore(new FilesystemNio2BlobStore(root.toString()))
              .endpoint(URI.create("http://127.0.0.1:" + onPort))
              .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY_ID, SECRET_ACCESS_KEY)
              .build();
      proxy.start();
      while (!"STARTED".equals(proxy.getState())) {
        Thread.sleep(10);
      }
    } catch (Exception e) {
      stop();
      throw new IllegalStateException(
          "Expected to start s3proxy on loopback, but it failed: " + e.getMessage(), e);
    }
  }

  public void stop() {
    if (proxy != null) {
      try {
        proxy.stop();
      } catch (Exception ignored) {
        // stopping is best effort; the port is freed when the JVM ends
      }
      proxy = null;
    }
    if (root != null) {
      try {
        FileSystemUtils.deleteRecursively(root);
      } catch (IOException ignored) {
        // best effort: a temp folder left behind is not a test failure
      }
      root = null;
    }
  }

  public int port() {
    return proxy == null ? port : proxy.getPort();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port());
  }

  /** A client with the server's credentials, for the test's own setup. */
  public S3Client client() {
    return S3Client.builder()
        .endpointOverride(endpoint())
        .region(REGION)
        .forcePathStyle(true)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET_ACCESS_KEY)))
        .build();
  }
}

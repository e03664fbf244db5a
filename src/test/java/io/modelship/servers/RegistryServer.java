package io.modelship.servers;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The CNCF distribution registry (Debian's {@code docker-registry}, the stand-in for Azure
 * Container Registry) on 127.0.0.1, over TLS with a self-signed certificate, with either htpasswd
 * basic auth or the token flow that ACR uses (a {@link RegistryTokenIssuer} in the test). Jib will
 * not send credentials over plain HTTP, hence TLS.
 *
 * <p>Clients reach it through a loopback TCP proxy that counts the bytes they send ({@link
 * #bytesUploaded()}): what crossed the wire, TLS included. The registry's access log tells which
 * blobs were uploaded ({@link #uploadedBlobDigests()}).
 *
 * <p>Register it with {@code @RegisterExtension static RegistryServer registry =
 * RegistryServer.basicAuth();}, or use {@link #start()} and {@link #close()}. When the registry
 * cannot start, the test fails with a message naming what is missing; it never skips.
 */
public final class RegistryServer implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

  /** The user name the registry accepts. */
  public static final String USERNAME = "modelship";

  private static final Path REGISTRY = Path.of("/usr/bin/docker-registry");
  private static final Pattern BLOB_PUT =
      Pattern.compile("\"PUT /v2/\\S+/blobs/uploads/\\S*[?&]digest=(sha256(?::|%3A)[0-9a-f]{64})");

  private static final Pattern MANIFEST_PUT =
      Pattern.compile("\"PUT /v2/(\\S+)/manifests/(\\S+) HTTP/[0-9.]+\" 201 ");

  private final boolean tokenAuth;
  private final String password = "pw-" + UUID.randomUUID();
  private Path root;
  private Process registry;
  private RegistryTokenIssuer issuer;
  private RegistryServerTls tls;
  private RegistryServerProxy proxy;
  private int registryPort;
  private int logMark;

  private RegistryServer(boolean tokenAuth) {
    this.tokenAuth = tokenAuth;
  }

  /** A registry with htpasswd basic auth (ACR's admin user or a service principal). */
  public static RegistryServer basicAuth() {
    return new RegistryServer(false);
  }

  /** A registry with the bearer-token flow (ACR's), tokens issued by a test issuer. */
  public static RegistryServer tokenAuth() {
    return new RegistryServer(true);
  }

  /** {@code 127.0.0.1:PORT}: the registry host clients use (through the counting proxy). */
  public String host() {
    requireStarted();
    return "127.0.0.1:" + proxy.port();
  }

  /** The password of {@link #USERNAME}; random per server. */
  public String password() {
    return password;
  }

  /** The self-signed certificate (PEM) the registry and the token issuer serve. */
  public Path certificate() {
    requireStarted();
    return tls.certificate();
  }

  /** A TLS context for test clients that trusts this registry's certificate only. */
  public SSLContext clientSslContext() {
    requireStarted();
    return tls.trustingContext();
  }

  /** The token issuer, when this registry uses token auth, else {@code null}. */
  public RegistryTokenIssuer tokenIssuer() {
    return issuer;
  }

  /** Bytes clients sent to the registry since start or the last {@link #resetCounters()}. */
  public long bytesUploaded() {
    requireStarted();
    return proxy.bytesUp();
  }

  /** Forgets the bytes counted so far and the uploads logged so far. */
  public void resetCounters() {
    requireStarted();
    proxy.reset();
    logMark = accessLogLines().size();
  }

  /**
   * The digests of the blobs uploaded (completed with a PUT) since start or the last {@link
   * #resetCounters()}, read from the registry's access log.
   */
  public List<String> uploadedBlobDigests() {
    List<String> lines = accessLogLines();
    List<String> digests = new ArrayList<>();
    for (String line : lines.subList(Math.min(logMark, lines.size()), lines.size())) {
      Matcher m = BLOB_PUT.matcher(line);
      if (m.find() && line.matches(".*\" 201 .*")) {
        digests.add(m.group(1).replace("%3A", ":"));
      }
    }
    return digests;
  }

  /**
   * The manifests put (tags or digests, as {@code repository:reference}) since start or the last
   * {@link #resetCounters()}, read from the registry's access log.
   */
  public List<String> manifestPuts() {
    List<String> lines = accessLogLines();
    List<String> puts = new ArrayList<>();
    for (String line : lines.subList(Math.min(logMark, lines.size()), lines.size())) {
      Matcher m = MANIFEST_PUT.matcher(line);
      if (m.find()) {
        puts.add(m.group(1) + ":" + m.group(2));
      }
    }
    return puts;
  }

  private List<String> accessLogLines() {
    requireStarted();
    try {
      return Files.readAllLines(root.resolve("registry.log"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("Expected to read the registry's log, but " + e, e);
    }
  }

  /** Starts the registry (and the token issuer); fails naming what is missing when it cannot. */
  public synchronized void start() {
    if (registry != null) {
      return;
    }
    if (!Files.isExecutable(REGISTRY)) {
      throw new IllegalStateException(
          "Expected Debian's docker-registry at "
              + REGISTRY
              + ", but it is missing: run bin/setup");
    }
    try {
      root = Files.createTempDirectory("registry-");
      tls = RegistryServerTls.selfSigned(root);
      registryPort = FreePorts.loopback();
      if (tokenAuth) {
        issuer = new RegistryTokenIssuer(tls, USERNAME, password);
        issuer.start();
      }
      Files.writeString(root.resolve("config.yml"), config());
      registry = launch();
      proxy = new RegistryServerProxy(registryPort);
      awaitReady(root.resolve("registry.log"));
    } catch (IOException | RuntimeException e) {
      close();
      throw new IllegalStateException(
          "Expected the registry to start, but it failed: " + e.getMessage() + " (run bin/setup)",
          e);
    }
  }

  private Process launch() throws IOException {
    // Appended, so that a restart keeps the access log (and the counts read from it).
    return new ProcessBuilder(REGISTRY.toString(), "serve", root.resolve("config.yml").toString())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(root.resolve("registry.log").toFile()))
        .start();
  }

  /**
   * Stops the registry as a crash would: the process is killed (SIGKILL), open connections are
   * reset and new ones refused. Its storage, port and access log are kept for {@link #resume()}.
   */
  public synchronized void stop() {
    requireStarted();
    proxy.down();
    if (registry.isAlive()) {
      registry.destroyForcibly();
      try {
        registry.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Whether the registry process runs (it does unless {@link #stop()} was called). */
  public synchronized boolean running() {
    return registry != null && registry.isAlive();
  }

  /** Starts the registry again after {@link #stop()}: the same storage, port and credentials. */
  public synchronized void resume() {
    requireStarted();
    if (registry.isAlive()) {
      return;
    }
    try {
      registry = launch();
      proxy.up();
      awaitReady(root.resolve("registry.log"));
    } catch (IOException e) {
      throw new IllegalStateException("Expected the registry to start again, but " + e, e);
    }
  }

  /**
   * Stops the registry ({@link #stop()}) as soon as its access log shows a request matching {@code
   * request} (e.g. {@code "POST /v2/\\S+/blobs/uploads/"}) after this call: a fault in the middle
   * of a client's work. The returned latch opens once it has stopped.
   */
  public CountDownLatch stopOnRequest(String request) {
    Pattern pattern = Pattern.compile(request);
    int from = accessLogLines().size();
    CountDownLatch stopped = new CountDownLatch(1);
    Thread watcher =
        new Thread(
            () -> {
              int seen = from;
              while (running()) {
                List<String> lines = accessLogLines();
                for (String line : lines.subList(Math.min(seen, lines.size()), lines.size())) {
                  if (pattern.matcher(line).find()) {
                    stop();
                    stopped.countDown();
                    return;
                  }
                }
                seen = lines.size();
                try {
                  Thread.sleep(10);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "registry-fault");
    watcher.setDaemon(true);
    watcher.start();
    return stopped;
  }

  private String config() throws IOException {
    String auth;
    if (tokenAuth) {
      auth =
          """
            token:
              realm: %s
              service: %s
              issuer: %s
              rootcertbundle: %s
          """
              .formatted(
                  issuer.realm(),
                  RegistryTokenIssuer.SERVICE,
                  RegistryTokenIssuer.ISSUER,
                  tls.certificate());
    } else {
      Path htpasswd = root.resolve("htpasswd");
      Process p =
          new ProcessBuilder("htpasswd", "-Bbn", USERNAME, password)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      String line = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      Files.writeString(htpasswd, line.strip() + "\n");
      auth =
          """
            htpasswd:
              realm: modelship-registry
              path: %s
          """
              .formatted(htpasswd);
    }
    return """
        version: 0.1
        log:
          level: info
          formatter: text
        storage:
          filesystem:
            rootdirectory: %s
          delete:
            enabled: true
          maintenance:
            uploadpurging:
              enabled: false
        http:
          addr: 127.0.0.1:%d
          secret: %s
          tls:
            certificate: %s
            key: %s
        auth:
        %s"""
        .formatted(
            root.resolve("storage"),
            registryPort,
            UUID.randomUUID(),
            tls.certificate(),
            tls.privateKey(),
            auth);
  }

  private void awaitReady(Path log) {
    HttpClient http =
        HttpClient.newBuilder()
            .sslContext(tls.trustingContext())
            .connectTimeout(Duration.ofSeconds(1))
            .build();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      if (!registry.isAlive()) {
        throw new IllegalStateException("docker-registry exited; its log ends with:\n" + tail(log));
      }
      try {
        int status =
            http.send(
                    HttpRequest.newBuilder(URI.create("https://" + host() + "/v2/")).build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode();
        if (status == 401) {
          return;
        }
      } catch (IOException e) {
        // Not listening yet.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for the registry", e);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for the registry", e);
      }
    }
    throw new IllegalStateException(
        "Expected the registry to answer 401 on /v2/ within 30 s; its log ends with:\n"
            + tail(log));
  }

  @Override
  public synchronized void close() {
    if (proxy != null) {
      proxy.close();
      proxy = null;
    }
    if (registry != null) {
      registry.destroy();
      try {
        if (!registry.waitFor(10, TimeUnit.SECONDS)) {
          registry.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      registry = null;
    }
    if (issuer != null) {
      issuer.close();
      issuer = null;
    }
    if (root != null) {
      try (Stream<Path> paths = Files.walk(root)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        System.err.println("RegistryServer: could not delete " + root + ": " + e.getMessage());
      }
      root = null;
    }
  }

  private void requireStarted() {
    if (registry == null) {
      throw new IllegalStateException("Expected the registry to be started, but it is not");
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }
}

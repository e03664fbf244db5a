package io.modelship.servers;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A private Docker engine for tests: Debian's {@code dockerd} with its own data root, exec root,
 * pidfile and unix socket under a temporary folder, no bridge and no iptables rules. Containers
 * reach the host through {@code --network host}. Registries on 127.0.0.0/8 are trusted without a CA
 * (self-signed TLS), so the engine can push to and pull from {@link RegistryServer}.
 *
 * <p>Register it with {@code @RegisterExtension static DockerEngine docker = new DockerEngine();}
 * (started once for the class) or as an instance field (once per test). It can also be used outside
 * JUnit with {@link #start()} and {@link #close()}.
 *
 * <p>No image can be pulled on this machine: {@link #importBusyboxImage(String)} makes a base image
 * from Debian's {@code busybox-static}. When {@code dockerd} cannot start, the test fails with a
 * message naming what is missing; it never skips.
 *
 * <p>On stop it removes every container, stops {@code dockerd} (and the {@code containerd} it
 * started), unmounts what the engine left mounted under its folder, and deletes the folder.
 */
public final class DockerEngine
    implements BeforeAllCallback,
        AfterAllCallback,
        BeforeEachCallback,
        AfterEachCallback,
        AutoCloseable {

  private static final Path DOCKERD = Path.of("/usr/sbin/dockerd");
  private static final Path BUSYBOX = Path.of("/bin/busybox");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private Path root;
  private Process dockerd;
  private DockerClient client;
  private Thread shutdownHook;
  private boolean startedForClass;

  /** The engine's address for docker-java or the docker CLI, {@code unix:///.../docker.sock}. */
  public String dockerHost() {
    requireStarted();
    return "unix://" + root.resolve("docker.sock");
  }

  /** A docker-java client connected to this engine; closed when the engine stops. */
  public DockerClient client() {
    requireStarted();
    return client;
  }

  /** The engine's folder (data root, exec root, socket, log). */
  public Path root() {
    requireStarted();
    return root;
  }

  /** Starts the engine; fails with a message naming what is missing when it cannot. */
  public synchronized void start() {
    if (dockerd != null) {
      return;
    }
    if (!Files.isExecutable(DOCKERD)) {
      throw new IllegalStateException(
          "Expected Debian's dockerd at " + DOCKERD + ", but it is missing: run bin/setup");
    }
    try {
      // A short path: the socket path must fit in 108 bytes.
      root = Files.createTempDirectory(Path.of("/tmp"), "msd-");
      Files.createDirectories(root.resolve("data"));
      Files.createDirectories(root.resolve("exec"));
      dockerd = launch();
      shutdownHook = new Thread(this::stopQuietly, "docker-engine-stop");
      Runtime.getRuntime().addShutdownHook(shutdownHook);
      client = connect(dockerHost());
      awaitPing(root.resolve("dockerd.log"));
    } catch (IOException e) {
      stopQuietly();
      throw new IllegalStateException(
          "Expected to start dockerd, but it failed (" + e.getMessage() + "): run bin/setup", e);
    } catch (RuntimeException e) {
      stopQuietly();
      throw e;
    }
  }

  private Process launch() throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(
                DOCKERD.toString(),
                "--storage-driver=vfs",
                "--iptables=false",
                "--ip-masq=false",
                "--ip-forward=false",
                "--bridge=none",
                "--insecure-registry=127.0.0.0/8",
                "--data-root=" + root.resolve("data"),
                "--exec-root=" + root.resolve("exec"),
                "--pidfile=" + root.resolve("docker.pid"),
                "--host=unix://" + root.resolve("docker.sock"))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(root.resolve("dockerd.log").toFile()));
    // The engine must not pick up a DOCKER_HOST or proxy meant for something else.
    builder.environment().keySet().removeIf(k -> k.startsWith("DOCKER_"));
    return builder.start();
  }

  /**
   * Stops {@code dockerd} as an engine that went away would (SIGTERM; it stops its containers),
   * keeping its folder, so that {@link #resume()} brings the same engine back: the same socket,
   * images and containers (stopped ones stay stopped). Clients meanwhile find no socket.
   */
  public synchronized void stop() {
    requireStarted();
    if (dockerd.isAlive()) {
      stopDaemon();
    }
  }

  /** Starts {@code dockerd} again after {@link #stop()}, on the same folder and socket. */
  public synchronized void resume() {
    requireStarted();
    if (dockerd.isAlive()) {
      return;
    }
    try {
      dockerd = launch();
      awaitPing(root.resolve("dockerd.log"));
    } catch (IOException e) {
      throw new IllegalStateException("Expected dockerd to start again, but " + e, e);
    }
  }

  /** Connects a docker-java client to an engine address such as {@code unix:///...}. */
  public static DockerClient connect(String dockerHost) {
    DefaultDockerClientConfig config =
        DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(dockerHost).build();
    ApacheDockerHttpClient http =
        new ApacheDockerHttpClient.Builder()
            .dockerHost(config.getDockerHost())
            .sslConfig(config.getSSLConfig())
            .connectionTimeout(Duration.ofSeconds(5))
            .responseTimeout(Duration.ofMinutes(5))
            .build();
    return DockerClientImpl.getInstance(config, http);
  }

  private void awaitPing(Path log) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    RuntimeException last = null;
    while (System.nanoTime() < deadline) {
      if (!dockerd.isAlive()) {
        throw new IllegalStateException(
            "Expected dockerd to start, but it exited with "
                + dockerd.exitValue()
                + " (it needs root; run bin/setup). Its log ends with:\n"
                + tail(log));
      }
      if (Files.exists(root.resolve("docker.sock"))) {
        try {
          client.pingCmd().exec();
          return;
        } catch (RuntimeException e) {
          last = e;
        }
      }
      sleep(100);
    }
    throw new IllegalStateException(
        "Expected dockerd to answer within "
            + START_TIMEOUT.toSeconds()
            + " s, but it did not ("
            + (last == null ? "no socket" : last.getMessage())
            + "). Its log ends with:\n"
            + tail(log));
  }

  /**
   * Makes a base image from Debian's {@code busybox-static}: {@code /bin/busybox} with a link for
   * every applet, {@code /etc/passwd}, {@code /tmp}. Imported with {@code docker import}, so it has
   * no entrypoint or environment of its own.
   *
   * @param name e.g. {@code local/busybox:1}
   * @return the image id
   */
  public String importBusyboxImage(String name) {
    requireStarted();
    if (!Files.isExecutable(BUSYBOX)) {
      throw new IllegalStateException(
          "Expected Debian's busybox-static at " + BUSYBOX + ", but it is missing: run bin/setup");
    }
    importImage(name, busyboxRootfs());
    return client.inspectImageCmd(name).exec().getId();
  }

  /**
   * {@code docker import} of a root filesystem given as a tar archive. (docker-java 3.7.1's {@code
   * createImageCmd} serialises its stream as JSON, so this speaks the engine's API directly.)
   */
  public void importImage(String name, byte[] rootfsTar) {
    requireStarted();
    int colon = name.lastIndexOf(':');
    boolean tagged = colon > name.lastIndexOf('/');
    String repository = tagged ? name.substring(0, colon) : name;
    String tag = tagged ? name.substring(colon + 1) : "latest";
    String head =
        "POST /images/create?fromSrc=-&repo="
            + URLEncoder.encode(repository, StandardCharsets.UTF_8)
            + "&tag="
            + URLEncoder.encode(tag, StandardCharsets.UTF_8)
            + " HTTP/1.1\r\nHost: docker\r\nContent-Type: application/x-tar\r\nContent-Length: "
            + rootfsTar.length
            + "\r\nConnection: close\r\n\r\n";
    try (SocketChannel socket =
        SocketChannel.open(UnixDomainSocketAddress.of(root.resolve("docker.sock")))) {
      OutputStream out = Channels.newOutputStream(socket);
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write(rootfsTar);
      out.flush();
      String response =
          new String(Channels.newInputStream(socket).readAllBytes(), StandardCharsets.UTF_8);
      // The engine answers 200 and streams progress; an error is a JSON line with "error".
      if (!response.startsWith("HTTP/1.1 200") || response.contains("\"error")) {
        throw new IllegalStateException(
            "Expected docker import of "
                + name
                + " to succeed, but the engine answered: "
                + response);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The busybox root filesystem as a tar archive. */
  public static byte[] busyboxRootfs() {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        for (String dir : List.of("bin/", "etc/", "tmp/", "root/")) {
          TarArchiveEntry entry = new TarArchiveEntry(dir);
          entry.setMode(dir.equals("tmp/") ? 01777 : 0755);
          tar.putArchiveEntry(entry);
          tar.closeArchiveEntry();
        }
        byte[] busybox = Files.readAllBytes(BUSYBOX);
        TarArchiveEntry binary = new TarArchiveEntry("bin/busybox");
        binary.setMode(0755);
        binary.setSize(busybox.length);
        tar.putArchiveEntry(binary);
        tar.write(busybox);
        tar.closeArchiveEntry();
        for (String applet : busyboxApplets()) {
          TarArchiveEntry link = new TarArchiveEntry("bin/" + applet, TarArchiveEntry.LF_SYMLINK);
          link.setLinkName("busybox");
          tar.putArchiveEntry(link);
          tar.closeArchiveEntry();
        }
        for (Map.Entry<String, String> file :
            Map.of(
                    "etc/passwd",
                        "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534::/:/bin/false\n",
                    "etc/group", "root:x:0:\nnogroup:x:65534:\n")
                .entrySet()) {
          byte[] content = file.getValue().getBytes(StandardCharsets.UTF_8);
          TarArchiveEntry entry = new TarArchiveEntry(file.getKey());
          entry.setMode(0644);
          entry.setSize(content.length);
          tar.putArchiveEntry(entry);
          tar.write(content);
          tar.closeArchiveEntry();
        }
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> busyboxApplets() throws IOException {
    Process list = new ProcessBuilder(BUSYBOX.toString(), "--list").start();
    String out = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    List<String> applets = new ArrayList<>();
    for (String applet : out.split("\n")) {
      if (!applet.isBlank() && !applet.equals("busybox") && !applet.contains("/")) {
        applets.add(applet.strip());
      }
    }
    return applets;
  }

  /** Stops the engine and removes everything it left behind. */
  @Override
  public synchronized void close() {
    if (dockerd == null) {
      return;
    }
    try {
      removeContainers();
      stopDaemon();
      cleanUpFolder();
    } finally {
      if (shutdownHook != null) {
        try {
          Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
          // Already running as the hook.
        }
      }
      dockerd = null;
      client = null;
    }
  }

  private void stopQuietly() {
    try {
      close();
    } catch (RuntimeException e) {
      System.err.println("DockerEngine: cleanup failed: " + e.getMessage());
    }
  }

  private void removeContainers() {
    if (client == null || !dockerd.isAlive()) {
      return;
    }
    try {
      for (Container c : client.listContainersCmd().withShowAll(true).exec()) {
        client.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
      }
    } catch (RuntimeException e) {
      System.err.println("DockerEngine: could not remove containers: " + e.getMessage());
    }
    try {
      client.close();
    } catch (IOException ignored) {
      // The daemon goes away next.
    }
  }

  private void stopDaemon() {
    dockerd.destroy(); // SIGTERM: dockerd stops its containerd and shims.
    try {
      if (!dockerd.waitFor(30, TimeUnit.SECONDS)) {
        dockerd.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // With dockerd gone, a managed containerd that outlived it is an orphan: stop it by its pid.
    Path containerdPid = root.resolve("exec/containerd/containerd.pid");
    if (Files.exists(containerdPid)) {
      try {
        long pid = Long.parseLong(Files.readString(containerdPid).strip());
        ProcessHandle.of(pid)
            .filter(p -> p.info().command().map(c -> c.endsWith("containerd")).orElse(false))
            .ifPresent(ProcessHandle::destroyForcibly);
      } catch (IOException | NumberFormatException ignored) {
        // Nothing to stop.
      }
    }
  }

  private void cleanUpFolder() {
    // dockerd bind-mounts its data root and the default network namespace; undo what is left.
    for (String mount : mountsUnder(root)) {
      run("umount", "-l", mount);
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("DockerEngine: could not delete " + root + ": " + e.getMessage());
    }
  }

  private static List<String> mountsUnder(Path root) {
    List<String> mounts = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
        String[] fields = line.split(" ");
        if (fields.length > 4 && fields[4].startsWith(root.toString())) {
          mounts.add(fields[4]);
        }
      }
    } catch (IOException ignored) {
      // No mount table: nothing to unmount.
    }
    mounts.sort(Comparator.comparingInt(String::length).reversed());
    return mounts;
  }

  private static void run(String... command) {
    try {
      new ProcessBuilder(command).redirectErrorStream(true).start().waitFor(10, TimeUnit.SECONDS);
    } catch (IOException e) {
      System.err.println("DockerEngine: " + String.join(" ", command) + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
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

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for dockerd", e);
    }
  }

  private void requireStarted() {
    if (dockerd == null) {
      throw new IllegalStateException("Expected the Docker engine to be started, but it is not");
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    startedForClass = true;
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (!startedForClass) {
      start();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (!startedForClass) {
      close();
    }
  }
}

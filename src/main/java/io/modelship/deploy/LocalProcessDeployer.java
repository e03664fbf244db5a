package io.modelship.deploy;

import io.modelship.step.TransientStepException;
import io.modelship.steplog.StepLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs an app as a process on this machine: the app's files and model unpacked from its image
 * tarball ({@link UnpackedApp}), started with the image's entrypoint found on the configured {@code
 * PATH} (so with the machine's python, not the image's), on a free loopback port given in {@code
 * PORT} and {@code HOST}, with {@code MODEL_PATH} pointing at the unpacked model. The stand-in for
 * a cluster where no Docker engine runs.
 *
 * <p>As with the Docker target, the previous process of the same app and environment keeps serving
 * until the new one answers its health check; a process that exits or never answers is stopped and
 * the rollout is {@code ROLLOUT_FAILED}. Idempotent: a live process already running the same image
 * is the deployment. The processes live as long as Modelship: they are stopped when it stops.
 */
public class LocalProcessDeployer implements Deployer, AutoCloseable {

  static final String TARGET = "local-process";

  private record Running(String image, Process process, URI endpoint, Path log) {}

  private final LocalProcessDeployerProperties properties;
  private final Map<String, Running> running = new ConcurrentHashMap<>();
  private final Map<String, Object> locks = new ConcurrentHashMap<>();
  private final LocalHealthProbe probe;

  public LocalProcessDeployer(LocalProcessDeployerProperties properties) {
    this.properties = properties;
    this.probe =
        new LocalHealthProbe(
            properties.address(), properties.healthPath(), properties.healthTimeout());
  }

  /** Why this target cannot run the request's image, or empty when it can. */
  Optional<String> unable(DeployRequest request) {
    if (!UnpackedApp.readable(request.image())) {
      return Optional.of(
          "the local-process target runs image tarballs (images built without a registry), and "
              + request.image()
              + " is in a registry");
    }
    List<String> entrypoint = request.config().image().entrypoint();
    if (entrypoint.isEmpty()) {
      return Optional.empty(); // The image's own entrypoint decides; checked when unpacked.
    }
    return program(entrypoint.get(0)).isPresent()
        ? Optional.empty()
        : Optional.of(
            "'" + entrypoint.get(0) + "' is not on the local-process PATH " + properties.path());
  }

  @Override
  public Deployment deploy(DeployRequest request, StepLog log) {
    String key = request.environment() + "/" + request.app();
    synchronized (locks.computeIfAbsent(key, k -> new Object())) {
      Running current = running.get(key);
      if (current != null
          && current.image().equals(request.image())
          && current.process().isAlive()
          && probe.answers(current.endpoint())) {
        log.append(
            "Process " + current.process().pid() + " already runs " + request.image() + " there");
        return deployment(request, current.endpoint());
      }
      UnpackedApp app = unpack(request, log);
      Running started = start(request, app, key, log);
      Running previous = running.put(key, started);
      if (previous != null) {
        stop(previous.process());
        log.append("Stopped the previous process " + previous.process().pid());
      }
      return deployment(request, started.endpoint());
    }
  }

  @Override
  public Deployment rollback(DeployRequest target, StepLog log) {
    log.append(
        "Rolling " + target.app() + " in " + target.environment() + " back to " + target.image());
    return deploy(target, log);
  }

  /** Stops the app's process in the environment, if this target runs one. */
  @Override
  public void remove(DeployRequest request, StepLog log) {
    String key = request.environment() + "/" + request.app();
    synchronized (locks.computeIfAbsent(key, k -> new Object())) {
      Running current = running.remove(key);
      if (current == null) {
        log.append("No process of " + request.app() + " runs in " + request.environment());
        return;
      }
      stop(current.process());
      log.append(
          "Stopped process "
              + current.process().pid()
              + " of "
              + request.app()
              + " in "
              + request.environment());
    }
  }

  /** Stops every process this target started. */
  @Override
  public void close() {
    running.values().forEach(r -> stop(r.process()));
    running.clear();
  }

  private UnpackedApp unpack(DeployRequest request, StepLog log) {
    unable(request)
        .ifPresent(
            why -> {
              throw new IllegalStateException(
                  "Expected to run " + request.app() + " as a local process, but " + why);
            });
    String digest = request.image().substring(request.image().lastIndexOf('@') + 1);
    Path dir = properties.root().resolve("images").resolve(digest.replace(':', '-'));
    synchronized (locks.computeIfAbsent(dir.toString(), k -> new Object())) {
      try {
        log.append("Unpacking the app's files and model from " + request.image());
        return UnpackedApp.unpack(request.image(), request.config().model().path(), dir);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "Expected to unpack " + request.image() + ", but " + e.getMessage(), e);
      }
    }
  }

  private Running start(DeployRequest request, UnpackedApp app, String key, StepLog log) {
    List<String> command =
        app.command().isEmpty() ? request.config().image().entrypoint() : app.command();
    if (command.isEmpty()) {
      throw new IllegalStateException(
          "Expected an entrypoint in "
              + request.image()
              + " or in image.entrypoint, but found none");
    }
    String program =
        program(command.get(0))
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "Expected '"
                            + command.get(0)
                            + "' on the local-process PATH "
                            + properties.path()
                            + ", but it is not there"));
    try {
      int port = probe.freePort();
      Path folder = properties.root().resolve(key);
      Path home = Files.createDirectories(folder.resolve("home"));
      String digest = request.image().substring(request.image().lastIndexOf(':') + 1);
      Path logFile = folder.resolve(digest.substring(0, 12) + "-" + port + ".log");
      List<String> argv = new ArrayList<>(command);
      argv.set(0, program);
      ProcessBuilder builder =
          new ProcessBuilder(argv)
              .directory(app.workdir().toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
      Map<String, String> env = builder.environment();
      // Nothing of Modelship's own environment (and so none of its secrets) reaches the app.
      env.clear();
      env.putAll(request.config().image().env());
      env.putAll(properties.env());
      env.put("PATH", properties.path());
      env.put("HOME", home.toAbsolutePath().toString());
      env.put("MODEL_PATH", app.model().toAbsolutePath().toString());
      env.put("PORT", Integer.toString(port));
      env.put("HOST", properties.address());
      Process process = builder.start();
      URI endpoint = probe.endpoint(port);
      log.append(
          "Started "
              + String.join(" ", argv)
              + " as process "
              + process.pid()
              + " on "
              + endpoint
              + " in "
              + app.workdir()
              + "; its output goes to "
              + logFile.toAbsolutePath());
      String problem;
      try {
        problem =
            probe.awaitHealthy(
                endpoint,
                () ->
                    process.isAlive()
                        ? null
                        : "the process exited with code " + process.exitValue());
      } catch (TransientStepException e) {
        stop(process);
        throw e;
      }
      if (problem != null) {
        stop(process);
        log.append("Process output:\n" + tail(logFile));
        throw probe.notHealthy(request.app(), endpoint, problem, "process");
      }
      return new Running(request.image(), process, endpoint, logFile);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Expected to start " + request.app() + " as a local process, but " + e.getMessage(), e);
    }
  }

  /** The program's path when it is on the configured PATH (or is an executable path itself). */
  Optional<String> program(String name) {
    if (name.contains("/")) {
      return Files.isExecutable(Path.of(name)) ? Optional.of(name) : Optional.empty();
    }
    for (String dir : properties.path().split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
        return Optional.of(Path.of(dir, name).toString());
      }
    }
    return Optional.empty();
  }

  private Deployment deployment(DeployRequest request, URI endpoint) {
    return new Deployment(request.environment(), request.app(), request.image(), endpoint, TARGET);
  }

  /** Stops the process and its children (gunicorn's workers): politely, then by force. */
  private static void stop(Process process) {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  private static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }
}

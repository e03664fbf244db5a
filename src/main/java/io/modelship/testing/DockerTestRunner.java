package io.modelship.testing;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.StreamType;
import com.github.dockerjava.api.model.Volume;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.core.command.WaitContainerResultCallback;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import io.modelship.image.DockerEngineFailure;
import io.modelship.steplog.StepLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the app's test command in a container of its base image through a Docker engine, for
 * installations where the app's code must not run next to Modelship's secrets. The workspace is
 * mounted at the image's workdir, the model read-only at its path in the image ({@code
 * MODEL_PATH}); the environment is the app's declared variables, {@code MODEL_PATH} and {@code
 * HOME=/tmp} only. By default the container has no network. Output is streamed line by line into
 * the step log; at the timeout the container is killed; it is removed in every case.
 */
public final class DockerTestRunner implements TestRunner {

  private static final Duration API_TIMEOUT = Duration.ofMinutes(5);

  /** Set by Modelship; the app's own PATH stays, as it names paths in the image. */
  private static final java.util.Set<String> RESERVED = java.util.Set.of("HOME", "MODEL_PATH");

  private final DockerTestRunnerProperties properties;
  private final DockerClient docker;

  public DockerTestRunner(DockerTestRunnerProperties properties) {
    this.properties = properties;
    DefaultDockerClientConfig config =
        DefaultDockerClientConfig.createDefaultConfigBuilder()
            .withDockerHost(properties.dockerHost())
            .build();
    this.docker =
        DockerClientImpl.getInstance(
            config,
            new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .connectionTimeout(Duration.ofSeconds(10))
                .responseTimeout(API_TIMEOUT)
                .build());
  }

  @Override
  public TestReport run(TestRun run, StepLog log) {
    if (run.image() == null || run.image().isBlank()) {
      throw new IllegalStateException(
          "Expected the app's image.base for the container test runner, but it has none");
    }
    String container = null;
    try {
      ensureImage(run.image(), log);
      List<String> env = new ArrayList<>();
      run.env()
          .forEach(
              (name, value) -> {
                if (!RESERVED.contains(name)) {
                  env.add(name + "=" + value);
                }
              });
      env.add("HOME=/tmp");
      env.add("MODEL_PATH=" + run.modelPath());
      HostConfig host =
          HostConfig.newHostConfig()
              .withBinds(
                  new Bind(run.workspace().toAbsolutePath().toString(), new Volume(run.workdir())),
                  new Bind(
                      run.modelFile().toAbsolutePath().toString(),
                      new Volume(run.modelPath()),
                      AccessMode.ro))
              .withNetworkMode(properties.network())
              .withMemory(properties.memory().toBytes())
              .withNanoCPUs((long) (properties.cpus() * 1e9));
      container =
          docker
              .createContainerCmd(run.image())
              .withCmd(run.command())
              .withEntrypoint(List.of())
              .withWorkingDir(run.workdir())
              .withEnv(env)
              .withLabels(java.util.Map.of("io.modelship.role", "test-run"))
              .withHostConfig(host)
              .exec()
              .getId();
      FileTime started = FileTime.from(Instant.now().minusSeconds(1));
      log.append(
          "Running "
              + run.command()
              + " in a container of "
              + run.image()
              + " (network "
              + properties.network()
              + ", timeout "
              + run.timeout()
              + ")");
      long start = System.nanoTime();
      docker.startContainerCmd(container).exec();
      LineFrames output = new LineFrames(log);
      docker
          .logContainerCmd(container)
          .withStdOut(true)
          .withStdErr(true)
          .withFollowStream(true)
          .exec(output);
      Integer exit = awaitExit(container, run.timeout());
      boolean timedOut = exit == null;
      if (timedOut) {
        log.append("Timed out after " + run.timeout() + "; killing the test container");
        docker.killContainerCmd(container).exec();
      }
      output.awaitCompletion(10, TimeUnit.SECONDS);
      output.flush();
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      int exitCode = timedOut ? -1 : exit;
      JUnitReports reports = JUnitReports.read(run.workspace(), run.reports(), started);
      TestReport report =
          new TestReport(
              TestOutcome.passed(exitCode, timedOut, reports),
              exitCode,
              timedOut,
              reports.tests(),
              reports.failures(),
              reports.errors(),
              reports.skipped(),
              timedOut ? run.timeout() : took);
      return TestOutcome.conclude(report, reports, log);
    } catch (IOException e) {
      throw new UncheckedIOException("Expected to read the test reports, but failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while the tests ran", e);
    } catch (RuntimeException e) {
      throw DockerEngineFailure.translate(
          e, properties.dockerHost(), "run the tests in " + run.image());
    } finally {
      if (container != null) {
        try {
          docker.removeContainerCmd(container).withForce(true).exec();
        } catch (RuntimeException ignored) {
          // already gone
        }
      }
    }
  }

  private Integer awaitExit(String container, Duration timeout) {
    try {
      return docker
          .waitContainerCmd(container)
          .exec(new WaitContainerResultCallback())
          .awaitStatusCode(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (DockerClientException timedOut) {
      return null;
    }
  }

  private void ensureImage(String image, StepLog log) throws InterruptedException {
    try {
      docker.inspectImageCmd(image).exec();
    } catch (NotFoundException missing) {
      if (!properties.pullMissing()) {
        throw new IllegalStateException(
            "Expected the image "
                + image
                + " in the Docker engine, but it is missing (pulling is off)");
      }
      log.append("Pulling " + image);
      docker.pullImageCmd(image).exec(new PullImageResultCallback()).awaitCompletion();
    }
  }

  /** Splits the engine's output frames into lines, stdout and stderr apart. */
  private static final class LineFrames extends ResultCallback.Adapter<Frame> {
    private final StepLog log;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    LineFrames(StepLog log) {
      this.log = log;
    }

    @Override
    public synchronized void onNext(Frame frame) {
      boolean isErr = frame.getStreamType() == StreamType.STDERR;
      ByteArrayOutputStream buffer = isErr ? err : out;
      for (byte b : frame.getPayload()) {
        if (b == '\n') {
          emit(buffer, isErr);
        } else {
          buffer.write(b);
        }
      }
    }

    synchronized void flush() {
      if (out.size() > 0) {
        emit(out, false);
      }
      if (err.size() > 0) {
        emit(err, true);
      }
    }

    private void emit(ByteArrayOutputStream buffer, boolean isErr) {
      log.append((isErr ? "[stderr] " : "[stdout] ") + buffer.toString(StandardCharsets.UTF_8));
      buffer.reset();
    }
  }
}

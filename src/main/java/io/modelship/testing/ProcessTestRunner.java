package io.modelship.testing;

import io.modelship.steplog.StepLog;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.springframework.util.FileSystemUtils;

/**
 * Runs the app's test command as a process in its workspace, with a clean environment: {@code
 * PATH}, a fresh temporary {@code HOME} and {@code TMPDIR}, {@code MODEL_PATH}, the configured
 * extras and the app's declared variables; nothing of Modelship's own environment, so none of its
 * secrets. stdout and stderr go to the step log line by line as they come. At the timeout the whole
 * process tree is killed.
 */
public final class ProcessTestRunner implements TestRunner {

  /** Variables Modelship sets itself; the app's declarations cannot replace them. */
  static final Set<String> RESERVED = Set.of("PATH", "HOME", "TMPDIR", "MODEL_PATH");

  private static final Duration DRAIN = Duration.ofSeconds(10);

  private final ProcessTestRunnerProperties properties;

  public ProcessTestRunner(ProcessTestRunnerProperties properties) {
    this.properties = properties;
  }

  @Override
  public TestReport run(TestRun run, StepLog log) {
    Path home = null;
    try {
      home = Files.createTempDirectory("modelship-test-home-");
      Path tmp = Files.createDirectory(home.resolve("tmp"));
      ProcessBuilder builder =
          new ProcessBuilder(run.command()).directory(run.workspace().toFile());
      Map<String, String> env = builder.environment();
      env.clear();
      env.putAll(properties.env());
      run.env()
          .forEach(
              (name, value) -> {
                if (RESERVED.contains(name)) {
                  log.append("Ignoring the app's " + name + ": Modelship sets it for the tests");
                } else {
                  env.put(name, value);
                }
              });
      env.put("PATH", properties.path());
      env.put("HOME", home.toString());
      env.put("TMPDIR", tmp.toString());
      env.put("MODEL_PATH", run.modelFile().toAbsolutePath().toString());
      FileTime started = FileTime.from(Instant.now().minusSeconds(1));
      log.append(
          "Running "
              + run.command()
              + " in "
              + run.workspace()
              + " (timeout "
              + run.timeout()
              + ")");
      long start = System.nanoTime();
      Process process = start(builder, run);
      Thread out = pump(process.getInputStream(), "stdout", log);
      Thread err = pump(process.getErrorStream(), "stderr", log);
      boolean finished = process.waitFor(run.timeout().toMillis(), TimeUnit.MILLISECONDS);
      if (!finished) {
        log.append("Timed out after " + run.timeout() + "; killing the test process tree");
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(DRAIN.toMillis(), TimeUnit.MILLISECONDS);
      }
      out.join(DRAIN.toMillis());
      err.join(DRAIN.toMillis());
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      int exitCode = finished ? process.exitValue() : -1;
      JUnitReports reports = JUnitReports.read(run.workspace(), run.reports(), started);
      TestReport report =
          new TestReport(
              TestOutcome.passed(exitCode, !finished, reports),
              exitCode,
              !finished,
              reports.tests(),
              reports.failures(),
              reports.errors(),
              reports.skipped(),
              finished ? took : run.timeout());
      return TestOutcome.conclude(report, reports, log);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Expected to run the tests in " + run.workspace() + ", but failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while the tests ran", e);
    } finally {
      if (home != null) {
        try {
          FileSystemUtils.deleteRecursively(home);
        } catch (IOException ignored) {
          // a temp HOME left behind is not the run's failure
        }
      }
    }
  }

  private static Process start(ProcessBuilder builder, TestRun run) {
    try {
      return builder.start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "Expected to start the test command "
              + run.command()
              + " in "
              + run.workspace()
              + ", but it could not start: "
              + e.getMessage(),
          e);
    }
  }

  private static Thread pump(InputStream stream, String name, StepLog log) {
    Thread thread =
        new Thread(
            () -> {
              try (BufferedReader reader =
                  new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                  log.append("[" + name + "] " + line);
                }
              } catch (IOException closed) {
                // the process ended or was killed
              }
            },
            "test-" + name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }
}

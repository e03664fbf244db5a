package io.modelship.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.modelship.step.BusinessOutcomeException;
import io.modelship.step.ErrorCode;
import io.modelship.steplog.FolderStepLogs;
import io.modelship.steplog.SecretMasker;
import io.modelship.steplog.StepKey;
import io.modelship.steplog.StepLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs real test commands (shell scripts the test writes) as processes. */
class ProcessTestRunnerIT {

  @TempDir Path workspace;
  @TempDir Path logs;
  Path model;

  final ProcessTestRunner runner =
      new ProcessTestRunner(
          new ProcessTestRunnerProperties(
              "/usr/local/bin:/usr/bin:/bin", Map.of("LANG", "C.UTF-8")));
  final List<String> lines = new ArrayList<>();
  final List<Instant> times = new ArrayList<>();
  final StepLog log =
      line -> {
        synchronized (lines) {
          lines.add(line);
          times.add(Instant.now());
        }
      };

  @BeforeEach
  void writeModel() throws IOException {
    model = Files.writeString(workspace.resolve("model.bin"), "weights");
  }

  private TestRun run(Duration timeout, Map<String, String> env, String... command) {
    return new TestRun(
        workspace,
        List.of(command),
        timeout,
        "reports/*.xml",
        model,
        env,
        "busybox",
        "/app",
        "/app/model.bin");
  }

  private void script(String body) throws IOException {
    Files.writeString(workspace.resolve("test.sh"), "#!/bin/sh\n" + body);
  }

  private static String junit(int tests, int failures, int skipped) {
    return "mkdir -p reports\ncat > reports/junit.xml <<'XML'\n"
        + "<?xml version=\"1.0\" encoding=\"utf-8\"?><testsuites><testsuite name=\"pytest\" errors=\"0\""
        + " failures=\""
        + failures
        + "\" skipped=\""
        + skipped
        + "\" tests=\""
        + tests
        + "\" time=\"0.1\"></testsuite></testsuites>\nXML\n";
  }

  @Test
  void shouldPassAndCountTheJUnitReport() throws IOException {
    // given
    script("echo collected 3 items\n" + junit(3, 0, 1) + "echo 2 passed, 1 skipped >&2\n");

    // when
    TestReport report = runner.run(run(Duration.ofSeconds(30), Map.of(), "sh", "test.sh"), log);

    // then
    assertThat(report.passed()).isTrue();
    assertThat(report.exitCode()).isZero();
    assertThat(report)
        .extracting(
            TestReport::tests, TestReport::failures, TestReport::errors, TestReport::skipped)
        .containsExactly(3, 0, 0, 1);
    assertThat(lines).contains("[stdout] collected 3 items", "[stderr] 2 passed, 1 skipped");
    assertThat(lines)
        .anyMatch(line -> line.equals("Tests passed: 3 tests, 0 failures, 0 errors, 1 skipped"));
  }

  @Test
  void shouldFailWithTestsFailedAndTheCounts() throws IOException {
    script(junit(4, 1, 0) + "echo FAILED test_app.py::test_score\nexit 1\n");

    assertThatThrownBy(
            () -> runner.run(run(Duration.ofSeconds(30), Map.of(), "sh", "test.sh"), log))
        .isInstanceOfSatisfying(
            BusinessOutcomeException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.TESTS_FAILED))
        .hasMessage(
            "Expected the app's tests to pass, but: 4 tests, 1 failures, 0 errors, 0 skipped");
    assertThat(lines).contains("[stdout] FAILED test_app.py::test_score");
  }

  @Test
  void shouldFailWhenTheReportCountsFailuresThoughTheCommandExitedZero() throws IOException {
    script(junit(2, 1, 0));

    assertThatThrownBy(
            () -> runner.run(run(Duration.ofSeconds(30), Map.of(), "sh", "test.sh"), log))
        .isInstanceOf(BusinessOutcomeException.class)
        .hasMessageContaining("2 tests, 1 failures");
  }

  @Test
  void shouldKillTheWholeProcessTreeAtTheTimeout() throws Exception {
    // given a test command whose child outlives it
    script("sleep 60 &\necho $! > child.pid\nsleep 60\n");
    long start = System.nanoTime();

    // when
    assertThatThrownBy(() -> runner.run(run(Duration.ofSeconds(2), Map.of(), "sh", "test.sh"), log))
        .isInstanceOfSatisfying(
            BusinessOutcomeException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.TESTS_FAILED))
        .hasMessageContaining("timed out after PT2S");

    // then
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    long child = Long.parseLong(Files.readString(workspace.resolve("child.pid")).strip());
    // A killed child whose parent died too waits for init to reap it, so it may linger as a zombie
    // for a while on a busy machine: a zombie runs nothing and counts as killed.
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> assertThat(runs(child)).as("the background child was killed too").isFalse());
  }

  /** Whether the process exists and is not a zombie, read from /proc. */
  private static boolean runs(long pid) throws IOException {
    String text;
    try {
      text = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    } catch (NoSuchFileException e) {
      return false;
    }
    // the state follows the command name, which is in parentheses and may contain spaces
    char state = text.substring(text.lastIndexOf(')') + 2).charAt(0);
    return state != 'Z' && state != 'X';
  }

  @Test
  void shouldStreamLinesIntoTheLogAsTheyCome() throws IOException {
    script("echo first\nsleep 2\necho second\n");

    runner.run(run(Duration.ofSeconds(30), Map.of(), "sh", "test.sh"), log);

    Instant first = times.get(lines.indexOf("[stdout] first"));
    Instant second = times.get(lines.indexOf("[stdout] second"));
    assertThat(Duration.between(first, second)).isGreaterThan(Duration.ofMillis(1500));
  }

  @Test
  void shouldMaskSecretsTheTestsPrint() throws IOException {
    // given
    FolderStepLogs folder =
        new FolderStepLogs(
            logs, SecretMasker.of(List.of("configured-s3cr3t-value")), Clock.systemUTC());
    StepKey key = new StepKey("run-1", "run-tests", 1);
    script(
        "echo using configured-s3cr3t-value\n"
            + "echo DefaultEndpointsProtocol=https\\;AccountName=a\\;AccountKey=c2VjcmV0a2V5\\;\n");

    // when
    try (StepLog stepLog = folder.open(key)) {
      runner.run(run(Duration.ofSeconds(30), Map.of(), "sh", "test.sh"), stepLog);
    }

    // then
    String written = Files.readString(Path.of(folder.location(key)));
    assertThat(written).contains("[stdout] using ****").contains("AccountKey=****;");
    assertThat(written).doesNotContain("configured-s3cr3t-value").doesNotContain("c2VjcmV0a2V5");
  }

  @Test
  void shouldGiveTheTestsACleanEnvironmentWithoutModelshipsVariables() throws IOException {
    // when
    runner.run(
        run(
            Duration.ofSeconds(30),
            Map.of("APP_MODE", "test", "MODEL_PATH", "/elsewhere"),
            "/usr/bin/env"),
        log);

    // then
    Map<String, String> seen =
        lines.stream()
            .filter(line -> line.startsWith("[stdout] "))
            .map(line -> line.substring("[stdout] ".length()).split("=", 2))
            .collect(Collectors.toMap(kv -> kv[0], kv -> kv.length > 1 ? kv[1] : ""));
    assertThat(seen.keySet())
        .containsExactlyInAnyOrder("PATH", "HOME", "TMPDIR", "MODEL_PATH", "LANG", "APP_MODE");
    assertThat(seen.get("MODEL_PATH")).isEqualTo(model.toAbsolutePath().toString());
    assertThat(seen.get("HOME"))
        .isNotEqualTo(System.getenv("HOME"))
        .contains("modelship-test-home-");
    Set<String> leaked = new HashSet<>(System.getenv().keySet());
    leaked.retainAll(seen.keySet());
    leaked.removeAll(Set.of("PATH", "HOME", "LANG", "TMPDIR"));
    assertThat(leaked).as("variables of Modelship's own environment").isEmpty();
    assertThat(lines).contains("Ignoring the app's MODEL_PATH: Modelship sets it for the tests");
  }

  @Test
  void shouldReportACommandThatCannotStartAsATechnicalFailure() {
    assertThatThrownBy(
            () -> runner.run(run(Duration.ofSeconds(30), Map.of(), "/nonexistent/pytest"), log))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Expected to start the test command [/nonexistent/pytest]")
        .hasMessageContaining("could not start");
  }
}

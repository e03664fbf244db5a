package io.modelship.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelship.servers.DockerEngine;
import io.modelship.step.BusinessOutcomeException;
import io.modelship.step.ErrorCode;
import io.modelship.steplog.FolderStepLogs;
import io.modelship.steplog.SecretMasker;
import io.modelship.steplog.StepKey;
import io.modelship.steplog.StepLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/** Runs test commands in containers of a local busybox image on a private Docker engine. */
class DockerTestRunnerIT {

  @RegisterExtension static DockerEngine docker = new DockerEngine();

  static final String IMAGE = "local/test-base:1";

  @TempDir Path workspace;
  @TempDir Path logs;
  Path model;
  DockerTestRunner runner;
  final List<String> lines = new ArrayList<>();
  final StepLog log =
      line -> {
        synchronized (lines) {
          lines.add(line);
        }
      };

  @BeforeAll
  static void importBaseImage() {
    docker.importBusyboxImage(IMAGE);
  }

  @BeforeEach
  void setUp() throws IOException {
    model = Files.writeString(workspace.resolve("weights.bin"), "weights-v1");
    runner =
        new DockerTestRunner(
            new DockerTestRunnerProperties(
                docker.dockerHost(), "none", DataSize.ofMegabytes(256), 1.0, false));
  }

  private TestRun run(Duration timeout, Map<String, String> env, String... command) {
    return new TestRun(
        workspace,
        List.of(command),
        timeout,
        "reports/*.xml",
        model,
        env,
        IMAGE,
        "/app",
        "/model/weights.bin");
  }

  private void script(String body) throws IOException {
    Files.writeString(workspace.resolve("test.sh"), body);
  }

  @Test
  void shouldRunInTheBaseImageWithTheWorkspaceAndTheModelMounted() throws IOException {
    // given
    script(
        "echo model: $(cat $MODEL_PATH) at $MODEL_PATH in $(pwd)\n"
            + "mkdir -p reports\n"
            + "echo '<testsuite tests=\"2\" failures=\"0\" errors=\"0\" skipped=\"0\"/>' > reports/junit.xml\n"
            + "echo done >&2\n");

    // when
    TestReport report = runner.run(run(Duration.ofSeconds(60), Map.of(), "sh", "test.sh"), log);

    // then
    assertThat(report.passed()).isTrue();
    assertThat(report.tests()).isEqualTo(2);
    assertThat(lines)
        .contains("[stdout] model: weights-v1 at /model/weights.bin in /app", "[stderr] done");
    assertThat(docker.client().listContainersCmd().withShowAll(true).exec())
        .as("the container is removed")
        .isEmpty();
  }

  @Test
  void shouldFailWithTestsFailedWhenTheCommandFails() throws IOException {
    script("echo 1 failed\nexit 3\n");

    assertThatThrownBy(
            () -> runner.run(run(Duration.ofSeconds(60), Map.of(), "sh", "test.sh"), log))
        .isInstanceOfSatisfying(
            BusinessOutcomeException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.TESTS_FAILED))
        .hasMessageContaining("failed (exit code 3, no JUnit report)");
  }

  @Test
  void shouldKillTheContainerAtTheTimeout() {
    long start = System.nanoTime();

    assertThatThrownBy(() -> runner.run(run(Duration.ofSeconds(2), Map.of(), "sleep", "60"), log))
        .isInstanceOf(BusinessOutcomeException.class)
        .hasMessageContaining("timed out after PT2S");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(40));
    assertThat(docker.client().listContainersCmd().withShowAll(true).exec()).isEmpty();
  }

  @Test
  void shouldGiveTheContainerOnlyTheAppsVariablesAndMaskSecrets() throws IOException {
    // given
    FolderStepLogs folder =
        new FolderStepLogs(logs, SecretMasker.of(List.of("app-printed-secret")), Clock.systemUTC());
    StepKey key = new StepKey("run-c", "run-tests", 1);
    script("env\necho leaked app-printed-secret\n");

    // when
    try (StepLog stepLog = folder.open(key)) {
      runner.run(run(Duration.ofSeconds(60), Map.of("APP_MODE", "test"), "sh", "test.sh"), stepLog);
    }
    List<String> written = Files.readAllLines(Path.of(folder.location(key)));

    // then
    Map<String, String> env =
        written.stream()
            .map(line -> line.substring(line.indexOf(' ') + 1))
            .filter(line -> line.startsWith("[stdout] ") && line.contains("="))
            .map(line -> line.substring("[stdout] ".length()).split("=", 2))
            .collect(Collectors.toMap(kv -> kv[0], kv -> kv[1], (a, b) -> a));
    assertThat(env)
        .containsEntry("APP_MODE", "test")
        .containsEntry("MODEL_PATH", "/model/weights.bin");
    assertThat(env).containsEntry("HOME", "/tmp");
    for (String name : System.getenv().keySet()) {
      if (!List.of("PATH", "HOME", "HOSTNAME", "PWD", "SHLVL").contains(name)) {
        assertThat(env).as("Modelship's variable " + name).doesNotContainKey(name);
      }
    }
    assertThat(written).anyMatch(line -> line.endsWith("[stdout] leaked ****"));
    assertThat(String.join("\n", written)).doesNotContain("app-printed-secret");
  }

  @Test
  void shouldRefuseAMissingImageWhenPullingIsOff() {
    TestRun missing =
        new TestRun(
            workspace,
            List.of("true"),
            Duration.ofSeconds(10),
            null,
            model,
            Map.of(),
            "local/none:1",
            "/app",
            "/m");

    assertThatThrownBy(() -> runner.run(missing, log))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(
            "Expected the image local/none:1 in the Docker engine, but it is missing");
  }
}

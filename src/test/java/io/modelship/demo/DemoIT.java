package io.modelship.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.github.dockerjava.api.model.Container;
import io.modelship.servers.DockerEngine;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run command's demo end to end, as {@code bin/run --demo} starts it: the packaged jar takes
 * the sample app through commit-build and nightly-release and prints its summary; each test then
 * checks the summary against what is really there (the deployed app, the logs, the rendered
 * manifests). Three machines in one: with a Docker engine, without one (a local process), and with
 * neither a Docker engine nor the app's program (a dry run).
 */
class DemoIT {

  private static final String MODEL_SHA256 =
      "7386f0dce0070f3cf17df33e0058c78ce0bf01ca8f0ce813db02e453db727715";
  private static final Pattern STEP =
      Pattern.compile("(?m)^  (\\S+)\\s+(succeeded|failed)\\S*.*?\\s+[0-9.]+ s  log: (\\S+)$");
  private static final Pattern PRODUCTION = Pattern.compile("(?m)^production\\s+(http://\\S+)");

  @RegisterExtension static DockerEngine docker = new DockerEngine();
  @TempDir static Path jibCache;
  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void cacheTheSamplesBaseImage() throws Exception {
    // What bin/setup's users run once; cached per machine, so usually instant.
    Process build =
        new ProcessBuilder("tools/base-images/build", "python-flask")
            .redirectErrorStream(true)
            .start();
    String output = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(build.waitFor(8, TimeUnit.MINUTES)).isTrue();
    assertThat(build.exitValue()).as("tools/base-images/build said:%n%s", output).isZero();
  }

  @Test
  void shouldEndReleasedOnTheLocalDockerEngine() throws Exception {
    // when
    String output = demo(Map.of("DOCKER_HOST", docker.dockerHost()));

    // then: the summary
    assertTruthfulBuild(output);
    assertThat(output)
        .contains("base image   tar://")
        .contains("(local-docker: a Docker engine answers at " + docker.dockerHost() + ")")
        .contains("approved by      demo-auto-approver, the demo's automatic approval")
        .contains("Result: released: production passed its smoke tests at http://127.0.0.1:");

    // and what it claims runs: production's container, answering on the summary's endpoint
    List<Container> production =
        docker
            .client()
            .listContainersCmd()
            .withLabelFilter(Map.of("io.modelship.environment", "production"))
            .exec();
    assertThat(production).hasSize(1);
    assertThat(production.get(0).getState()).isEqualTo("running");
    assertThat(get(productionEndpoint(output), "/")).isEqualTo("Healthy");
  }

  @Test
  void shouldEndReleasedAsALocalProcessWithoutADockerEngine() throws Exception {
    // when: a person follows both runs in the console and approves production through its form
    String noEngine = "unix://" + dir.resolve("no-docker.sock");
    String output =
        demo(
            Map.of("DOCKER_HOST", noEngine),
            this::followInTheConsole,
            "--modelship.demo.auto-approve=false");

    // then
    assertTruthfulBuild(output);
    assertThat(output)
        .contains("production waits for approval: approve or reject it on http://localhost:")
        .contains("approved by      demo-auto-approver, in the console");
    assertThat(output)
        .contains("(local-process: no Docker engine answers at " + noEngine)
        .contains("the app runs as a local process on this machine)")
        .contains("Result: released: production passed its smoke tests at http://127.0.0.1:")
        .contains("it answers GET / now with: 200 \"Healthy\"");
    // the processes lived as long as Modelship
    URI endpoint = productionEndpoint(output);
    try {
      get(endpoint, "/");
      fail("Expected %s to stop with Modelship, but it still answers", endpoint);
    } catch (ConnectException expected) {
      // stopped
    }
  }

  @Test
  void shouldEndNotReleasedOnADryRun() throws Exception {
    // when: no Docker engine, and no program for the app's entrypoint
    Path emptyPath = Files.createDirectories(dir.resolve("empty-path"));
    String output =
        demo(
            Map.of("DOCKER_HOST", "unix://" + dir.resolve("no-docker.sock")),
            "--modelship.deploy.local-process.path=" + emptyPath);

    // then
    assertTruthfulBuild(output);
    assertThat(output)
        .contains("no local process: 'gunicorn' is not on the local-process PATH " + emptyPath)
        .contains("Result: not released (dry run): nothing was deployed to staging")
        .doesNotContain("Result: released")
        .doesNotContain("approved by");
    Matcher rendered = Pattern.compile("are in (\\S+\\.yaml)").matcher(output);
    assertThat(rendered.find()).as(output).isTrue();
    String digest = line(output, "image digest");
    assertThat(Files.readString(Path.of(rendered.group(1))))
        .contains("kind: \"Deployment\"")
        .contains("@" + digest + "\"");
  }

  /** Runs the demo as bin/run --demo does and returns what it printed; it must exit 0. */
  private String demo(Map<String, String> env, String... more) throws Exception {
    return demo(env, log -> {}, more);
  }

  /** What a test does while the demo runs, given the file the demo writes its output to. */
  private interface Watch {
    void during(Path output) throws Exception;
  }

  private String demo(Map<String, String> env, Watch watch, String... more) throws Exception {
    String jar = System.getProperty("modelship.jar", "target/modelship.jar");
    assertThat(Path.of(jar)).as("the packaged jar (run ./mvnw package)").exists();
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                Path.of(jar).toAbsolutePath().toString(),
                "--modelship.demo.enabled=true",
                "--server.port=0",
                "--modelship.demo.sample=" + Path.of("samples/model-api").toAbsolutePath(),
                "--modelship.image.jib.cache-directory=" + jibCache));
    command.addAll(List.of(more));
    Path log = dir.resolve("demo-output.txt");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    try {
      watch.during(log);
    } catch (Exception | AssertionError e) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      throw e;
    }
    if (!process.waitFor(12, TimeUnit.MINUTES)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      fail(
          "Expected the demo to end within 12 minutes, but it did not:%n%s", Files.readString(log));
    }
    String output = Files.readString(log);
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).as("no stack trace").doesNotContainPattern("(?m)^\\s+at [a-z]+\\.");
    return output;
  }

  /**
   * Drives Debian's Chromium through the console while the demo runs (tools/console-ui/
   * pipeline-check.mjs): signs in as the demo's user, watches the commit-build's diagram turn done
   * step by step and a running step's log grow, then approves production through the Camunda Form
   * and sees the release end released. A missing Chromium, node or playwright-core fails the test.
   */
  private void followInTheConsole(Path output) throws Exception {
    Matcher api =
        await(
            output,
            Pattern.compile("(?m)^API\\s+(http://\\S+)/api/runs as (\\S+), password in (\\S+)$"));
    String password = Files.readString(Path.of(api.group(3))).strip();
    Matcher build = await(output, Pattern.compile("(?m)^commit-build started: run (\\S+)$"));
    browser("build", api.group(1), build.group(1), api.group(2), password, output);
    Matcher release = await(output, Pattern.compile("(?m)^nightly-release started: run (\\S+)$"));
    browser("release", api.group(1), release.group(1), api.group(2), password, output);
  }

  private static Matcher await(Path output, Pattern line) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(8);
    while (System.nanoTime() < deadline) {
      Matcher matcher = line.matcher(Files.readString(output));
      if (matcher.find()) {
        return matcher;
      }
      Thread.sleep(200);
    }
    return fail(
        "Expected the demo to print %s within 8 minutes:%n%s", line, Files.readString(output));
  }

  private void browser(
      String phase, String console, String runId, String user, String password, Path output)
      throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder("node", "tools/console-ui/pipeline-check.mjs", phase)
            .redirectErrorStream(true);
    builder
        .environment()
        .putAll(
            Map.of(
                "CONSOLE_URL", console,
                "RUN_ID", runId,
                "CONSOLE_USER", user,
                "CONSOLE_PASSWORD", password,
                "TIMEOUT_SECONDS", "480"));
    String shots = System.getProperty("modelship.console.screenshots");
    if (shots != null && !shots.isBlank()) {
      builder.environment().put("SCREENSHOTS", shots);
    }
    Process check = builder.start();
    String said = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(check.waitFor(9, TimeUnit.MINUTES)).as("pipeline-check %s ended", phase).isTrue();
    System.out.printf("pipeline-check %s:%n%s%n", phase, said);
    assertThat(check.exitValue())
        .as(
            "pipeline-check %s said:%n%s%nThe demo printed:%n%s",
            phase, said, Files.readString(output))
        .isZero();
  }

  /** The build's part of the summary, checked against the files it names. */
  private static void assertTruthfulBuild(String output) throws IOException {
    assertThat(output).contains("commit-build, run ").contains(": image published (");
    assertThat(output)
        .containsPattern(
            "(?m)^  console page: http://localhost:\\d+/runs/\\d{8}-\\d{6}-[a-z0-9]{6}$");
    assertThat(line(output, "image digest")).matches("sha256:[0-9a-f]{64}");
    assertThat(line(output, "model SHA-256")).isEqualTo(MODEL_SHA256);
    Matcher steps = STEP.matcher(output.substring(output.indexOf("Modelship demo: summary")));
    List<String> seen = new ArrayList<>();
    while (steps.find()) {
      seen.add(steps.group(1));
      Path log = Path.of(steps.group(3));
      assertThat(log).as("the log of %s", steps.group(1)).isRegularFile();
      assertThat(Files.readString(log)).contains("step " + steps.group(1) + " of run ");
    }
    assertThat(seen)
        .contains(
            "fetch-source",
            "fetch-model",
            "run-tests",
            "build-image",
            "push-image",
            "record-build",
            "deploy-staging.model-api");
  }

  private static String line(String output, String label) {
    Matcher matcher = Pattern.compile("(?m)^" + label + "\\s+(\\S+)$").matcher(output);
    assertThat(matcher.find()).as("a line '%s' in:%n%s", label, output).isTrue();
    return matcher.group(1);
  }

  private static URI productionEndpoint(String output) {
    Matcher matcher = PRODUCTION.matcher(output);
    assertThat(matcher.find()).as(output).isTrue();
    return URI.create(matcher.group(1));
  }

  private String get(URI endpoint, String path) throws IOException, InterruptedException {
    return http.send(
            HttpRequest.newBuilder(endpoint.resolve(path)).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }
}

package io.modelship.pipeline;

import static io.camunda.process.test.api.CamundaAssert.assertThatProcessInstance;
import static io.camunda.process.test.api.CamundaAssert.assertThatUserTask;
import static io.camunda.process.test.api.assertions.ProcessInstanceSelectors.byKey;
import static io.camunda.process.test.api.assertions.UserTaskSelectors.byElementId;
import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.search.enums.IncidentState;
import io.camunda.client.api.search.response.Incident;
import io.camunda.process.test.api.CamundaProcessTestContext;
import io.camunda.process.test.api.CamundaSpringProcessTest;
import io.modelship.release.Build;
import io.modelship.release.ReleaseLedger;
import io.modelship.release.Run;
import io.modelship.release.Runs;
import io.modelship.release.StepRecord;
import io.modelship.release.StepRecords;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Process tests: the whole application with the real Camunda client and the real workers, driven
 * through Modelship's own API, on Camunda Process Test's remote runtime against the packaged jar's
 * engine ({@link PackagedEngine}); so on a Camunda 8 cluster only the three addresses would change.
 * The application's own embedded engine is off. CPT gives every test a new client (the workers
 * follow it) and, after each test, lets the engine's clock follow the system clock again and purges
 * the engine. Each test pins the clock to 10:00Z and then deploys the processes, so the nightly
 * timer is scheduled for 02:00 the next day and fires only when a test moves the clock there. The
 * engine's state is checked with CPT's assertions; Modelship's own records (the ledger, the step
 * records) are read directly.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "modelship.engine.enabled=false",
      "camunda.process-test.runtime-mode=remote",
      // A build (Jib to the registry) can take longer than CPT's default 10 s on a busy machine.
      "camunda.process-test.assertion.timeout=PT90S"
    })
@CamundaSpringProcessTest
abstract class ProcessTestSupport {

  static final Instant TEN_O_CLOCK = Instant.parse("2026-11-25T10:00:00Z");
  static final String OPERATOR = "operator";

  /**
   * A second release manager, who decides the approvals: the operator starts the releases, and who
   * started a release may not approve it ({@code modelship.approvals.allow-self-approval} is false,
   * as by default).
   */
  static final String APPROVER = "approver";

  /** Configured secrets, which no log line, process variable or answer may show. */
  static final String API_TOKEN = "tok-3f9a1c7e5b2d";

  static final String OPERATOR_PASSWORD = "operator-pass";
  static final String GITHUB_SECRET = "gh-secret-1";
  static final String AZURE_DEVOPS_PASSWORD = "ado-pass-77";
  static final String LEDGER_PASSWORD = "ledger-pass-9";
  static final String APPROVER_PASSWORD = "approver-pass";
  private static final String AUTH = basic(OPERATOR, OPERATOR_PASSWORD);
  private static final String APPROVER_AUTH = basic(APPROVER, APPROVER_PASSWORD);
  private static final Pattern RUN_ID = Pattern.compile("\"runId\":\"([^\"]+)\"");

  @LocalServerPort int port;
  @Autowired CamundaClient camunda;
  @Autowired CamundaProcessTestContext processTest;

  @Autowired(required = false)
  StepScript script;

  @Autowired ReleaseLedger ledger;
  @Autowired StepRecords steps;
  @Autowired Runs runs;
  @Autowired ProcessDeployment processes;
  @Autowired JdbcClient jdbc;

  final PipelineFixture fixture = PipelineFixture.get();
  private final HttpClient http = HttpClient.newHttpClient();

  /**
   * System properties that point the process tests at an engine that is already running instead of
   * the packaged jar: its REST address, its gRPC address, and its monitoring address (default: the
   * REST address, as the embedded engine serves both on one port; a Camunda 8 broker serves them on
   * 9600).
   */
  static final String REMOTE_REST = "modelship.process-test.rest-address";

  static final String REMOTE_GRPC = "modelship.process-test.grpc-address";
  static final String REMOTE_MONITORING = "modelship.process-test.monitoring-address";

  private static String required(String property, String what) {
    String value = System.getProperty(property);
    if (value == null) {
      throw new IllegalStateException(
          "Expected "
              + what
              + " in -D"
              + property
              + " since -D"
              + REMOTE_REST
              + " is set, but it is not");
    }
    return value;
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry properties) {
    PipelineFixture fixture = PipelineFixture.get();
    String rest = System.getProperty(REMOTE_REST);
    if (rest == null) {
      PackagedEngine engine = PackagedEngine.get();
      properties.add("camunda.process-test.remote.client.rest-address", engine::restAddress);
      properties.add("camunda.process-test.remote.client.grpc-address", engine::grpcAddress);
      properties.add(
          "camunda.process-test.remote.camunda-monitoring-api-address", engine::restAddress);
    } else {
      // Another engine, e.g. a Camunda 8 cluster with its clock endpoints on: only addresses
      // change.
      properties.add("camunda.process-test.remote.client.rest-address", () -> rest);
      properties.add(
          "camunda.process-test.remote.client.grpc-address",
          () -> required(REMOTE_GRPC, "its gRPC address"));
      properties.add(
          "camunda.process-test.remote.camunda-monitoring-api-address",
          () -> System.getProperty(REMOTE_MONITORING, rest));
    }
    properties.add("spring.datasource.url", () -> "jdbc:h2:mem:process-" + UUID.randomUUID());
    properties.add("spring.datasource.password", () -> LEDGER_PASSWORD);
    properties.add("modelship.pipeline.deploy-on-start", () -> "false");
    properties.add("modelship.api.users[0].name", () -> OPERATOR);
    properties.add("modelship.api.users[0].password", () -> OPERATOR_PASSWORD);
    properties.add("modelship.api.users[0].roles", () -> "trigger,read,release-managers");
    properties.add("modelship.api.users[1].name", () -> APPROVER);
    properties.add("modelship.api.users[1].password", () -> APPROVER_PASSWORD);
    properties.add("modelship.api.users[1].roles", () -> "read,release-managers");
    properties.add("modelship.api.tokens[0].name", () -> "ci");
    properties.add("modelship.api.tokens[0].token", () -> API_TOKEN);
    properties.add("modelship.api.tokens[0].roles", () -> "read");
    // Read when the context starts: a test class may move Jib's cache first (jibCacheAt).
    for (String name : fixture.modelshipProperties().keySet()) {
      properties.add(name, () -> PipelineFixture.get().modelshipProperties().get(name));
    }
    properties.add(
        "modelship.pipeline.apps." + PipelineFixture.APP + ".github-repository",
        () -> "acme/model-api");
    properties.add("modelship.webhooks.github-secret", () -> GITHUB_SECRET);
    properties.add("modelship.webhooks.azure-dev-ops-username", () -> "hook");
    properties.add("modelship.webhooks.azure-dev-ops-password", () -> AZURE_DEVOPS_PASSWORD);
    properties.add("modelship.steps.heartbeat", () -> "PT1S");
    properties.add("modelship.steps.stale-after", () -> "PT5S");
    properties.add("modelship.steps.retry-backoff", () -> "PT0.2S");
  }

  @BeforeEach
  void pinTheClockThenDeploy() {
    processTest.setTime(TEN_O_CLOCK);
    if (script != null) {
      script.reset();
    }
    processes.deploy();
  }

  /** Moves the engine's clock forward, e.g. past a retry's backoff or a timer. */
  void advanceClock(Duration by) {
    processTest.increaseTime(by);
  }

  /**
   * Lets the step's next {@code failures} failed attempts be retried: waits for each failure and
   * moves the pinned clock past its backoff until the next attempt starts. The step record says
   * "failed" just before the worker fails the job in the engine, so a clock moved at once may come
   * before the engine has the failure (its backoff then starts from the moved clock): the clock
   * moves again, a minute at a time, until the retry comes.
   */
  void retryAfterBackoff(String runId, String step, int failures) {
    for (int attempt = 1; attempt <= failures; attempt++) {
      int expected = attempt;
      await(
          "attempt " + expected + " of " + step + " to fail",
          () ->
              steps
                  .find(runId, step)
                  .filter(s -> s.attempts() == expected && StepRecord.FAILED.equals(s.state())));
      startAttemptAfter(runId, step, expected);
    }
  }

  /**
   * Moves the pinned clock past the backoff of the failed attempt {@code failed} until the next
   * starts.
   */
  void startAttemptAfter(String runId, String step, int failed) {
    for (int move = 1; ; move++) {
      advanceClock(Duration.ofMinutes(1));
      if (within(
          Duration.ofSeconds(2),
          () -> steps.find(runId, step).filter(s -> s.attempts() > failed))) {
        return;
      }
      if (move == 10) {
        throw new AssertionError(
            "Expected attempt "
                + (failed + 1)
                + " of "
                + step
                + " after its backoff, but the"
                + " clock moved 10 minutes and it did not start");
      }
    }
  }

  private static boolean within(Duration time, Supplier<Optional<?>> probe) {
    long deadline = System.nanoTime() + time.toNanos();
    while (System.nanoTime() < deadline) {
      if (probe.get().isPresent()) {
        return true;
      }
      sleep(Duration.ofMillis(100));
    }
    return probe.get().isPresent();
  }

  /**
   * Frees the release locks for the next test. The engine needs no cleaning: CPT purges it after
   * each test.
   */
  @AfterEach
  void freeTheLocks() {
    jdbc.sql("delete from release_locks").update();
  }

  // ---- API

  HttpResponse<String> post(String path, String json) {
    return post(path, json, AUTH);
  }

  /** Approves or rejects the run's approval as {@link #APPROVER}, who did not start it. */
  HttpResponse<String> decide(String runId, String json) {
    return post("/api/runs/" + runId + "/approval", json, APPROVER_AUTH);
  }

  HttpResponse<String> post(String path, String json, String authorization) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Authorization", authorization)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).header("Authorization", AUTH).GET().build());
  }

  /** A GET with the configured bearer token (role {@code read}). */
  HttpResponse<String> getWithToken(String path) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Authorization", "Bearer " + API_TOKEN)
            .GET()
            .build());
  }

  HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(
          "Expected an answer from " + request.uri() + ", but: " + e, e);
    }
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  static String runIdOf(HttpResponse<String> response) {
    Matcher m = RUN_ID.matcher(response.body());
    assertThat(m.find()).as("a runId in %s", response.body()).isTrue();
    return m.group(1);
  }

  /** Builds the commit of {@code model-api} through the API and waits until the build ends. */
  Build build(String commitSha) {
    return build(PipelineFixture.APP, commitSha);
  }

  /** Builds the app's commit through the API and waits until the build ends. */
  Build build(String app, String commitSha) {
    HttpResponse<String> started =
        post("/api/builds", "{\"app\":\"" + app + "\",\"commitSha\":\"" + commitSha + "\"}");
    assertThat(started.statusCode()).as(started.body()).isIn(200, 201);
    return awaitBuild(runIdOf(started));
  }

  /** Waits until the build's process instance completed, and returns the build's ledger row. */
  Build awaitBuild(String runId) {
    assertThatProcessInstance(byKey(processInstanceOf(runId))).isCompleted();
    return ledger
        .findBuild(runId)
        .filter(b -> !Build.RUNNING.equals(b.status()))
        .orElseThrow(
            () ->
                new AssertionError(
                    "Expected build "
                        + runId
                        + " to be recorded as ended once its instance completed, but it is "
                        + ledger.findBuild(runId).map(Build::status).orElse("not recorded")));
  }

  /** Waits until the step ended and returns its record. */
  StepRecord awaitStep(String runId, String step) {
    return await(
        "step " + step + " of " + runId + " to end",
        () -> steps.find(runId, step).filter(s -> !StepRecord.STARTED.equals(s.state())));
  }

  long processInstanceOf(String runId) {
    return await(
            "run " + runId + " to have a process instance",
            () -> runs.find(runId).map(Run::processInstanceKey))
        .longValue();
  }

  /** Waits for an active incident in the instance and returns it. */
  Incident awaitIncident(long processInstanceKey) {
    assertThatProcessInstance(byKey(processInstanceKey)).hasActiveIncidents();
    return camunda
        .newIncidentSearchRequest()
        .filter(f -> f.processInstanceKey(processInstanceKey).state(IncidentState.ACTIVE))
        .send()
        .join()
        .items()
        .get(0);
  }

  /**
   * Waits until the run's approval user task is open (for the release managers), and checks that
   * the run's API view shows it.
   */
  void awaitApprovalWaiting(String runId) {
    assertThatUserTask(byElementId("approve-production", processInstanceOf(runId)))
        .isCreated()
        .hasName("Approve production release")
        .hasCandidateGroup("release-managers");
    assertThat(get("/api/runs/" + runId).body())
        .contains("\"name\":\"Approve production release\"");
  }

  List<String> manifestPutsFor(String tag) {
    return fixture.registry().manifestPuts().stream().filter(p -> p.endsWith(":" + tag)).toList();
  }

  static <T> T await(String what, Supplier<Optional<T>> probe) {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (true) {
      Optional<T> value = probe.get();
      if (value.isPresent()) {
        return value.get();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Expected " + what + " within 90 s, but it did not happen");
      }
      sleep(Duration.ofMillis(100));
    }
  }

  private static void sleep(Duration time) {
    try {
      Thread.sleep(time.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("Interrupted while waiting");
    }
  }
}

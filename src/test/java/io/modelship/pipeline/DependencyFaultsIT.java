package io.modelship.pipeline;

import static io.camunda.process.test.api.CamundaAssert.assertThatProcessInstance;
import static io.camunda.process.test.api.assertions.ProcessInstanceSelectors.byKey;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.Container;
import com.zaxxer.hikari.HikariDataSource;
import io.camunda.client.api.search.enums.JobState;
import io.camunda.client.api.search.response.Incident;
import io.camunda.client.api.search.response.Job;
import io.modelship.release.Build;
import io.modelship.release.StepRecord;
import io.modelship.servers.DockerEngine;
import io.modelship.servers.PostgresServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Transient failures of the real dependencies during real runs: the registry killed while Jib
 * uploads blobs or while the image is tagged, the Docker engine stopped when a release deploys to
 * staging, and the ledger's PostgreSQL restarted while a build runs. Every step is real (the model
 * from a folder, JGit, the process test runner, Jib and the OCI publisher, the local Docker
 * deployer, HTTP smoke tests); one Spring context and one set of servers serve all cases. Each case
 * checks that the run ends well once the dependency is back, and that nothing happened twice.
 */
@TestPropertySource(
    properties = {"modelship.testing.runner=process", "modelship.deploy.target=local-docker"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Import(DependencyFaultsIT.LedgerOnPostgres.class)
class DependencyFaultsIT extends ProcessTestSupport {

  private static final DockerEngine DOCKER = new DockerEngine();
  private static final PostgresServer POSTGRES = new PostgresServer();
  private static final String BLOB_UPLOAD = "\"POST /v2/\\S+/blobs/uploads/";

  @DynamicPropertySource
  static void realStepsOnPostgres(DynamicPropertyRegistry properties) throws IOException {
    PipelineFixture fixture = PipelineFixture.get();
    DOCKER.start();
    POSTGRES.start();
    JdbcClient.create(new DriverManagerDataSource(POSTGRES.jdbcUrl(), POSTGRES.username(), ""))
        .sql("create database faults")
        .update();
    Path scratch = Files.createTempDirectory("modelship-faults-");
    properties.add("modelship.models.file.root", () -> fixture.models().toString());
    properties.add("modelship.models.cache.root", () -> scratch.resolve("model-cache").toString());
    properties.add("modelship.source.workspaces", () -> scratch.resolve("workspaces").toString());
    properties.add("modelship.docker.host", DOCKER::dockerHost);
    properties.add("modelship.deploy.local-docker.health-timeout", () -> "PT30S");
  }

  /**
   * The ledger (and the step records) on PostgreSQL, in a pool that waits 2 s for a connection
   * (Hikari's default is 30 s, which hides a restart of a few seconds from the steps entirely). A
   * bean, since the base class's H2 URL outranks a property set here.
   */
  @TestConfiguration(proxyBeanMethods = false)
  static class LedgerOnPostgres {

    @Bean
    DataSource dataSource() {
      HikariDataSource pool =
          DataSourceBuilder.create()
              .type(HikariDataSource.class)
              .url(POSTGRES.jdbcUrl().replace("/postgres", "/faults"))
              .username(POSTGRES.username())
              .password(LEDGER_PASSWORD)
              .build();
      pool.setConnectionTimeout(2000);
      return pool;
    }
  }

  /** A case that failed half-way must not leave a dependency down for the next. */
  @AfterEach
  void everyDependencyUp() {
    fixture.registry().resume();
    DOCKER.resume();
    POSTGRES.resume();
  }

  @AfterAll
  static void stopServers() {
    DOCKER.close();
    POSTGRES.close();
  }

  @Test
  @Order(1)
  void shouldRetryTheBuildWithBackoffAndTagOnceWhenTheRegistryStopsMidPush() throws Exception {
    // given: the registry is killed as soon as Jib starts uploading a blob of the new image
    String sha = fixture.commit("www/version.json", "{\"version\":\"registry-mid-push\"}\n");
    CountDownLatch stopped = fixture.registry().stopOnRequest(BLOB_UPLOAD);
    String runId = startBuild(sha);
    assertThat(stopped.await(90, TimeUnit.SECONDS))
        .as("the registry stopped on the first blob upload")
        .isTrue();

    // when: the push fails while the registry is down (Jib retries its requests for about a
    // minute first), and the registry comes back
    StepRecord failed = awaitFailedAttempt(runId, "build-image", 1, Duration.ofMinutes(3));
    fixture.registry().resume();
    retryAfterBackoff(runId, "build-image", 1);
    Build build = awaitBuildWhileTheClockRuns(runId);

    // then
    assertThat(failed.errorMessage()).contains("registry").doesNotContain("\tat ");
    assertThat(build.status()).as(build.failureReason()).isEqualTo(Build.SUCCEEDED);
    assertThat(steps.find(runId, "build-image").orElseThrow().attempts()).isGreaterThanOrEqualTo(2);
    assertThat(steps.find(runId, "push-image").orElseThrow().attempts()).isEqualTo(1);
    assertThat(manifestPutsFor(sha)).hasSize(1);
    assertThat(manifestPutsFor("run-" + runId)).hasSize(1);
    assertThatProcessInstance(byKey(processInstanceOf(runId)))
        .hasCompletedElements("image-published")
        .hasNoActiveIncidents();
  }

  @Test
  @Order(2)
  void shouldOpenAnIncidentWhenTheRegistryStaysDownWhileTaggingAndEndWellOnceRetried() {
    // given: the registry is killed once the image is built, before it is tagged
    String sha = fixture.commit("www/version.json", "{\"version\":\"registry-down\"}\n");
    String runId = startBuild(sha);
    await(
        "build-image of " + runId + " to succeed",
        () -> steps.find(runId, "build-image").filter(s -> StepRecord.SUCCEEDED.equals(s.state())));
    fixture.registry().stop();

    // when: every attempt of push-image fails while it is down
    awaitFailedAttempt(runId, "push-image", 1);
    retryAfterBackoff(runId, "push-image", 2);
    long instance = processInstanceOf(runId);
    Incident incident = awaitIncident(instance);
    fixture.registry().resume();
    HttpResponse<String> retried =
        post("/api/incidents/" + incident.getIncidentKey() + "/retry", "{}");

    // then
    assertThat(incident.getElementId()).isEqualTo("push-image");
    assertThat(incident.getErrorMessage()).contains("registry").doesNotContain("\tat ");
    assertThat(retried.statusCode()).as(retried.body()).isEqualTo(202);
    Build build = awaitBuildWhileTheClockRuns(runId);
    assertThat(build.status()).as(build.failureReason()).isEqualTo(Build.SUCCEEDED);
    assertThat(steps.find(runId, "push-image").orElseThrow().attempts()).isGreaterThanOrEqualTo(4);
    assertThat(manifestPutsFor(sha)).hasSize(1);
    assertThatProcessInstance(byKey(instance))
        .hasCompletedElements("image-published")
        .hasNoActiveIncidents();
  }

  @Test
  @Order(3)
  void shouldRetryTheStagingDeployThenOpenAnIncidentWhileDockerIsGoneAndReleaseOnceRetried() {
    // given: the head is built, then the Docker engine stops before the release deploys it
    String sha = fixture.commit("www/version.json", "{\"version\":\"docker-gone\"}\n");
    Build build = build(sha);
    assertThat(build.status()).as(build.failureReason()).isEqualTo(Build.SUCCEEDED);
    DOCKER.stop();
    String staging = "deploy-staging." + PipelineFixture.APP;

    // when: staging's deploy fails while the engine is gone, the retries run out, Docker is back
    String runId = runIdOf(post("/api/releases", "{\"app\":\"" + PipelineFixture.APP + "\"}"));
    StepRecord failed = awaitFailedAttempt(runId, staging, 1);
    retryAfterBackoff(runId, staging, 2);
    long instance = processInstanceOf(runId);
    Incident incident = awaitIncident(instance);
    DOCKER.resume();
    HttpResponse<String> retried =
        post("/api/incidents/" + incident.getIncidentKey() + "/retry", "{}");
    assertThat(retried.statusCode()).as(retried.body()).isEqualTo(202);
    awaitApprovalWaiting(runId);
    decide(runId, "{\"decision\":\"approve\",\"comment\":\"faults\"}");

    // then
    assertThat(failed.errorMessage()).contains("Docker engine").doesNotContain("\tat ");
    assertThat(incident.getElementId()).isEqualTo("deploy-staging");
    assertThatProcessInstance(byKey(instance))
        .isCompleted()
        .hasCompletedElements("ended-released")
        .hasNoActiveIncidents();
    assertThat(steps.find(runId, staging).orElseThrow().attempts()).isEqualTo(4);
    assertThat(containersStarted(runId, staging)).isEqualTo(1);
    assertThat(containersStarted(runId, "deploy-production." + PipelineFixture.APP)).isEqualTo(1);
    for (String environment : List.of("staging", "production")) {
      List<Container> running =
          DOCKER
              .client()
              .listContainersCmd()
              .withLabelFilter(
                  Map.of(
                      "io.modelship.app",
                      PipelineFixture.APP,
                      "io.modelship.environment",
                      environment))
              .exec();
      assertThat(running).as("running containers in " + environment).hasSize(1);
      assertThat(ledger.current(PipelineFixture.APP, environment).orElseThrow().imageDigest())
          .isEqualTo(build.imageDigest());
    }
  }

  @Test
  @Order(4)
  void shouldRetryTheStepWithBackoffWhenTheLedgerDatabaseRestartsDuringABuild() {
    // given: the app's tests take 4 s, and PostgreSQL stops while they run
    String sha =
        fixture.commit(
            ".modelship.yaml",
            fixture
                .pipelineFile(null, "www")
                .replace("command: [\"true\"]", "command: [\"sleep\", \"4\"]"));
    try {
      String runId = startBuild(sha);
      await(
          "run-tests of " + runId + " to start",
          () -> steps.find(runId, "run-tests").filter(s -> StepRecord.STARTED.equals(s.state())));
      long instance = processInstanceOf(runId);
      POSTGRES.stop();

      // when: the tests pass but their outcome cannot be recorded; PostgreSQL starts again on the
      // same port and data, and the backoff passes
      Job failed =
          await(
              "run-tests to fail in the engine while PostgreSQL is down",
              () ->
                  camunda
                      .newJobSearchRequest()
                      .filter(f -> f.processInstanceKey(instance))
                      .send()
                      .join()
                      .items()
                      .stream()
                      .filter(j -> "run-tests".equals(j.getElementId()))
                      .filter(j -> j.getState() == JobState.FAILED)
                      .findFirst());
      POSTGRES.resume();
      await("the pool to reach PostgreSQL again", this::ledgerAnswers);
      for (int move = 0;
          move < 10 && steps.find(runId, "run-tests").orElseThrow().attempts() < 2;
          move++) {
        advanceClock(Duration.ofMinutes(1));
        sleep(2000);
      }
      Build build = awaitBuild(runId);

      // then: one retry; one build row; one record per step
      assertThat(failed.getRetries()).isEqualTo(2);
      assertThat(failed.getErrorMessage())
          .startsWith("Expected to keep the record and log of step run-tests of run " + runId)
          .doesNotContain("\tat ");
      assertThat(build.status()).as(build.failureReason()).isEqualTo(Build.SUCCEEDED);
      assertThat(steps.find(runId, "run-tests").orElseThrow().attempts()).isEqualTo(2);
      assertThat(
              jdbc.sql("select count(*) from builds where commit_sha = ?")
                  .param(sha)
                  .query(Long.class)
                  .single())
          .isEqualTo(1);
      assertThat(
              jdbc.sql(
                      "select step from step_records where run_id = ? group by step"
                          + " having count(*) > 1")
                  .param(runId)
                  .query(String.class)
                  .list())
          .isEmpty();
      assertThat(manifestPutsFor(sha)).hasSize(1);
      assertThatProcessInstance(byKey(instance))
          .hasCompletedElements("image-published")
          .hasNoActiveIncidents();
    } finally {
      fixture.commit(".modelship.yaml", fixture.pipelineFile(null, "www"));
    }
  }

  /**
   * Waits for the build to end while moving the pinned clock a minute every 2 s, as time passes in
   * production: a registry just started again may still answer 500 once (seen here), and that
   * transient failure's retry waits for its backoff on the engine's clock.
   */
  private Build awaitBuildWhileTheClockRuns(String runId) {
    for (int move = 0; move < 30; move++) {
      if (ledger.findBuild(runId).filter(b -> !Build.RUNNING.equals(b.status())).isPresent()) {
        break;
      }
      sleep(2000);
      advanceClock(Duration.ofMinutes(1));
    }
    return awaitBuild(runId);
  }

  private Optional<Boolean> ledgerAnswers() {
    try {
      return Optional.of(jdbc.sql("select 1").query(Integer.class).single() == 1);
    } catch (DataAccessException e) {
      return Optional.empty();
    }
  }

  private String startBuild(String sha) {
    HttpResponse<String> started =
        post(
            "/api/builds",
            "{\"app\":\"" + PipelineFixture.APP + "\",\"commitSha\":\"" + sha + "\"}");
    assertThat(started.statusCode()).as(started.body()).isIn(200, 201);
    return runIdOf(started);
  }

  private StepRecord awaitFailedAttempt(String runId, String step, int attempt) {
    return awaitFailedAttempt(runId, step, attempt, Duration.ofSeconds(90));
  }

  private StepRecord awaitFailedAttempt(String runId, String step, int attempt, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      Optional<StepRecord> record =
          steps
              .find(runId, step)
              .filter(s -> s.attempts() == attempt && StepRecord.FAILED.equals(s.state()));
      if (record.isPresent()) {
        return record.get();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "Expected attempt "
                + attempt
                + " of "
                + step
                + " to fail within "
                + within.toSeconds()
                + " s, but its record is "
                + steps.find(runId, step).map(StepRecord::toString).orElse("missing"));
      }
      sleep(200);
    }
  }

  /** Containers the deploy step started, over every attempt's log (as the crash trials count). */
  private int containersStarted(String runId, String step) {
    Path dir = fixture.stepLogs().resolve(runId).resolve(step);
    int started = 0;
    try (Stream<Path> logs = Files.list(dir)) {
      for (Path log : logs.filter(p -> p.toString().endsWith(".log")).toList()) {
        for (String line : Files.readAllLines(log)) {
          if (line.contains("Started ") && line.contains(" on port ")) {
            started++;
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return started;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("Interrupted");
    }
  }
}

package io.modelship.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.search.enums.IncidentState;
import io.camunda.client.api.search.enums.UserTaskState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web console in a real browser (Debian's Chromium, driven by playwright-core from {@code
 * tools/console-ui/console-check.mjs}) against the packaged jar: sign in, the runs page, the run
 * page's diagram with marked elements, Retry and Approve for the roles that have them, 403 for a
 * read-only user who posts anyway, the 404 and 400 pages. The run is a release started through the
 * API on a stand-in nightly-release (one job the test fails, then a waiting approval).
 */
class ConsoleBrowserIT {

  @TempDir static Path dir;
  private static ConsoleServer server;
  private static CamundaClient engine;

  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void startModelship() throws Exception {
    BrowserCheck.requireBrowser();
    server = ConsoleServer.start(dir.resolve("server"));
    engine = server.engineClient();
  }

  @AfterAll
  static void stopModelship() throws Exception {
    if (engine != null) {
      engine.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void shouldLetPeopleFollowRetryAndApproveARunInTheBrowserByTheirRoles() throws Exception {
    // given: a release of no app on the real nightly-release, ended at once (its select-apps step
    // has a log)
    String finished = startRelease();
    awaitTrue(
        "the release of no app to end",
        () -> runJson(finished).contains("\"state\":\"completed\""));

    // when
    BrowserCheck.Result log = check("log", finished);

    // then
    assertThat(log.exitCode()).as(log.output()).isZero();
    assertThat(log.output()).contains("ok: a click on select-apps to show its step log");

    // given: a release started through the API on a stand-in whose one job failed without retries
    engine
        .newDeployResourceCommand()
        .addResourceFromClasspath("console/console-release.bpmn")
        .send()
        .join();
    String runId = startRelease();
    ActivatedJob job = activate();
    engine.newFailCommand(job).retries(0).errorMessage("failed by the console test").send().join();
    awaitTrue("an incident", () -> !incidents(job.getProcessInstanceKey()).isEmpty());

    // when: people look at it, and the trigger role retries it
    BrowserCheck.Result incident = check("incident", runId);

    // then
    assertThat(incident.exitCode()).as(incident.output()).isZero();
    assertThat(incident.output())
        .contains(
            "ok: the runs page to list run " + runId,
            "ok: the diagram to mark \"prepare\" as an incident",
            "ok: the diagram to mark the taken flow",
            "ok: a read-only user to see no Retry button",
            "ok: a read-only user's retry POST to be refused with 403",
            "ok: an unknown run id to show the 404 page",
            "ok: a malformed page number to show a 400 page",
            "ok: Retry to show what the retry did",
            "ok: an open run page to drop the retried incident without a reload");
    assertThat(incidents(job.getProcessInstanceKey())).isEmpty();

    // given: the retried job done, so the approval waits
    engine.newCompleteCommand(activate()).send().join();
    awaitTrue("a waiting approval", () -> !approvals(job.getProcessInstanceKey()).isEmpty());

    // when: the reader tries to approve, and the release manager approves
    BrowserCheck.Result approval = check("approval", runId);

    // then
    assertThat(approval.exitCode()).as(approval.output()).isZero();
    assertThat(approval.output())
        .contains(
            "ok: a read-only user to see no Approve button",
            "ok: a read-only user's approval POST to be refused with 403",
            "ok: the diagram to mark the approval active",
            "ok: Approve to show that it approved, and as whom");
    awaitTrue("the run to end", () -> runJson(runId).contains("\"state\":\"completed\""));
    String approver =
        engine
            .newVariableSearchRequest()
            .filter(f -> f.processInstanceKey(job.getProcessInstanceKey()).name("approver"))
            .send()
            .join()
            .items()
            .get(0)
            .getValue();
    assertThat(approver).isEqualTo("\"admin\"");
  }

  private String startRelease() throws Exception {
    HttpResponse<String> started =
        http.send(
            HttpRequest.newBuilder(URI.create(server.url() + "/api/releases"))
                .header("Authorization", basic("admin", server.adminPassword))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    return started.body().replaceAll(".*\"runId\":\"([^\"]+)\".*", "$1");
  }

  private ActivatedJob activate() {
    Instant until = Instant.now().plusSeconds(30);
    while (Instant.now().isBefore(until)) {
      List<ActivatedJob> jobs =
          engine
              .newActivateJobsCommand()
              .jobType("console-prepare")
              .maxJobsToActivate(1)
              .workerName("console-browser-it")
              .timeout(Duration.ofMinutes(5))
              .requestTimeout(Duration.ofSeconds(5))
              .send()
              .join()
              .getJobs();
      if (!jobs.isEmpty()) {
        return jobs.get(0);
      }
    }
    throw new AssertionError("Expected a console-prepare job within 30 s, but none came");
  }

  private List<?> incidents(long processInstanceKey) {
    return engine
        .newIncidentSearchRequest()
        .filter(f -> f.processInstanceKey(processInstanceKey).state(IncidentState.ACTIVE))
        .send()
        .join()
        .items();
  }

  private List<?> approvals(long processInstanceKey) {
    return engine
        .newUserTaskSearchRequest()
        .filter(f -> f.processInstanceKey(processInstanceKey).state(UserTaskState.CREATED))
        .send()
        .join()
        .items();
  }

  private String runJson(String runId) {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create(server.url() + "/api/runs/" + runId))
                  .header("Authorization", basic("reader", server.readerPassword))
                  .build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs one phase of the browser script; its output names every check that held. */
  private BrowserCheck.Result check(String phase, String runId) throws Exception {
    return BrowserCheck.run(dir, server, phase, runId, Duration.ofMinutes(2));
  }

  private static void awaitTrue(String what, BooleanSupplier condition)
      throws InterruptedException {
    Instant until = Instant.now().plusSeconds(30);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(until)) {
        throw new AssertionError("Expected " + what + " within 30 s, but there was none");
      }
      Thread.sleep(200);
    }
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}

package io.modelship.pipeline;

import static io.camunda.process.test.api.CamundaAssert.assertThatProcessInstance;
import static io.camunda.process.test.api.assertions.ProcessInstanceSelectors.byKey;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.camunda.client.api.search.response.Incident;
import io.modelship.notify.NotificationOutbox;
import io.modelship.release.Build;
import io.modelship.servers.FreePorts;
import io.modelship.servers.WebhookReceiver;
import io.modelship.step.BusinessOutcomeException;
import io.modelship.step.ErrorCode;
import io.modelship.step.TransientStepException;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Notifications from the real processes: the BPMN's notify tasks through the embedded engine, the
 * outbox and the dispatcher, to a real loopback webhook receiver (signed), a Slack receiver named
 * by the app's own {@code .modelship.yaml}, GreenMail for e-mail, and a Slack channel whose
 * receiver is down, which never stops a release.
 */
@Import(TestSteps.class)
class NotificationProcessIT extends ProcessTestSupport {

  private static final String APP = PipelineFixture.APP;
  private static final WebhookReceiver OPS = WebhookReceiver.start();
  private static final WebhookReceiver APP_SLACK = WebhookReceiver.start();
  private static final GreenMail SMTP =
      new GreenMail(new ServerSetup(FreePorts.loopback(), "127.0.0.1", "smtp"));
  private static final String DOWN =
      "http://127.0.0.1:" + FreePorts.loopback() + "/hooks/down-7c1e";
  private static final Duration WITHIN = Duration.ofSeconds(60);

  static {
    SMTP.start();
  }

  @Autowired NotificationOutbox outbox;

  @DynamicPropertySource
  static void notifications(DynamicPropertyRegistry properties) {
    String prefix = "modelship.notifications.";
    properties.add(prefix + "console-url", () -> "http://console.test:8080/");
    properties.add(prefix + "secrets.OPS_HOOK_URL", () -> OPS.url().toString());
    properties.add(prefix + "secrets.OPS_HOOK_KEY", () -> "ops-hook-key-1b2c");
    properties.add(prefix + "secrets.APP_SLACK", () -> APP_SLACK.url().toString());
    properties.add(prefix + "secrets.DOWN_SLACK", () -> DOWN);
    properties.add(prefix + "channels.ops.type", () -> "webhook");
    properties.add(prefix + "channels.ops.secret", () -> "OPS_HOOK_URL");
    properties.add(prefix + "channels.ops.signing-secret", () -> "OPS_HOOK_KEY");
    properties.add(prefix + "channels.mail.type", () -> "email");
    properties.add(prefix + "channels.mail.to", () -> "release-managers@test.local");
    properties.add(prefix + "channels.mail.events", () -> "approval-pending,released");
    properties.add(prefix + "channels.down.type", () -> "slack");
    properties.add(prefix + "channels.down.secret", () -> "DOWN_SLACK");
    properties.add(prefix + "initial-backoff", () -> "PT0.2S");
    properties.add(prefix + "max-backoff", () -> "PT1S");
    properties.add(prefix + "max-attempts", () -> "4");
    properties.add(prefix + "dispatch-interval", () -> "PT0.2S");
    properties.add(prefix + "incident-poll-interval", () -> "PT0.5S");
    properties.add("spring.mail.host", () -> "127.0.0.1");
    properties.add("spring.mail.port", () -> SMTP.getSmtp().getPort());
  }

  @AfterAll
  static void stopReceivers() {
    OPS.close();
    APP_SLACK.close();
    SMTP.stop();
  }

  @Test
  void shouldTellTheAppsOwnChannelAndOpsThatABuildFailedRetryingA500() {
    // given: the app names its own Slack channel; ops' receiver answers 500 once
    String original = fixture.pipelineFile(null, "www");
    fixture.commit(
        ".modelship.yaml",
        original + "notifications:\n  channels:\n    - {type: slack, secret: APP_SLACK}\n");
    String commit = fixture.commit("www/version.json", "{\"version\":\"notify-build-failed\"}\n");
    script.failNext(
        "run-tests",
        1,
        () -> new BusinessOutcomeException(ErrorCode.TESTS_FAILED, "2 of 3 tests failed"));
    OPS.answerNext(500);
    try {
      // when
      Build build = build(commit);
      // then
      assertThat(build.status()).isEqualTo(Build.FAILED);
      String runId = build.runId();
      WebhookReceiver.Received slack = APP_SLACK.await(r -> r.text().contains(runId), WITHIN);
      assertThat(slack.text())
          .contains("Build of model-api failed")
          .contains("TESTS_FAILED: 2 of 3 tests failed")
          .contains("<http://console.test:8080/runs/" + runId + "|Open the run>");
      List<WebhookReceiver.Received> ops = awaitRequests(OPS, runId, "build-failed", 2);
      assertThat(ops.get(1).header("X-Modelship-Delivery"))
          .isEqualTo(ops.get(0).header("X-Modelship-Delivery"));
      assertThat(outbox.ofRun(runId))
          .filteredOn(e -> e.channel().equals("global:ops"))
          .singleElement()
          .satisfies(e -> assertThat(e.attempts()).isEqualTo(2));
      assertThat(get("/api/runs/" + runId + "/steps/notify-build-failed/log").body())
          .contains("build-failed queued for")
          .doesNotContain(APP_SLACK.url().getPath());
    } finally {
      fixture.commit(".modelship.yaml", original);
    }
  }

  @Test
  void shouldTellApproversWithTheApprovalLinkThenTellEveryoneItIsReleasedThoughOneReceiverIsDown()
      throws Exception {
    // given
    Build build = build(fixture.commit("www/version.json", "{\"version\":\"notify-release\"}\n"));
    // when
    String runId = release();
    awaitApprovalWaiting(runId);
    // then: approvers are told, with the approval page, while the task waits
    WebhookReceiver.Received pending = awaitRequests(OPS, runId, "approval-pending", 1).get(0);
    assertThat(pending.text())
        .contains("\"approval\":\"http://console.test:8080/approvals\"")
        .contains(build.image());
    assertThat(SMTP.waitForIncomingEmail(WITHIN.toMillis(), 1)).isTrue();
    MimeMessage approvalMail = mailAbout(runId, "waits for approval");
    assertThat(GreenMailUtil.getBody(approvalMail))
        .contains("Approve or reject: http://console.test:8080/approvals");
    // when
    decide(runId, "{\"decision\":\"approve\"}");
    // then: released, though the Slack receiver named "down" never answered
    long instance = processInstanceOf(runId);
    assertThatProcessInstance(byKey(instance))
        .isCompleted()
        .hasCompletedElements("notify-released", "ended-released")
        .hasNoActiveIncidents();
    WebhookReceiver.Received released = awaitRequests(OPS, runId, "released", 1).get(0);
    assertThat(released.text())
        .contains("model-api released to production")
        .contains(build.imageDigest());
    assertThat(outbox.ofRun(runId))
        .filteredOn(e -> e.channel().equals("global:down"))
        .hasSize(2)
        .allSatisfy(e -> assertThat(e.deliveredAt()).isNull());
    // and no secret reached the run's answer or its variables
    String view = get("/api/runs/" + runId).body();
    assertThat(view).doesNotContain(OPS.url().getPath()).doesNotContain("/hooks/down-7c1e");
    assertThat(
            jdbc.sql(
                    "select count(*) from notification_outbox where channel_spec like '%/hooks/%'"
                        + " or notification like '%/hooks/%' or last_error like '%/hooks/%'")
                .query(Integer.class)
                .single())
        .isZero();
  }

  @Test
  void shouldTellTheTeamThatProductionWasRolledBack() {
    // given: production runs a release, and the next one's production smoke test fails
    releaseNewBuild("notify-before-rollback");
    build(fixture.commit("www/version.json", "{\"version\":\"notify-rollback\"}\n"));
    script.failNext(
        "smoke-test:production",
        1,
        () -> new BusinessOutcomeException(ErrorCode.SMOKE_FAILED, "POST /score answered 500"));
    String runId = release();
    awaitApprovalWaiting(runId);
    // when
    decide(runId, "{\"decision\":\"approve\"}");
    // then
    assertThatProcessInstance(byKey(processInstanceOf(runId)))
        .isCompleted()
        .hasCompletedElements("notify-rolled-back", "ended-rolled-back");
    WebhookReceiver.Received rolledBack = awaitRequests(OPS, runId, "rolled-back", 1).get(0);
    assertThat(rolledBack.text())
        .contains("model-api rolled back in production")
        .contains("POST /score answered 500");
    assertThat(outbox.ofRun(runId)).noneMatch(e -> e.notification().event().equals("released"));
  }

  @Test
  void shouldTellOfAnOpenIncidentOnceThoughTheWatchSeesItAtEveryPoll() throws Exception {
    // given: the staging deploy fails until its retries are spent
    build(fixture.commit("www/version.json", "{\"version\":\"notify-incident\"}\n"));
    script.failNext("deploy:staging", 3, () -> new TransientStepException("API server 503"));
    String runId = release();
    retryAfterBackoff(runId, "deploy-staging." + APP, 2);
    Incident incident = awaitIncident(processInstanceOf(runId));
    // when: the watch polls every 0.5 s
    WebhookReceiver.Received told = awaitRequests(OPS, runId, "incident-opened", 1).get(0);
    Thread.sleep(2500);
    // then: told once, with the step, the (masked) message and the run's link
    assertThat(told.text())
        .contains("Incident in model-api at deploy-staging")
        .contains("API server 503")
        .contains("http://console.test:8080/runs/" + runId);
    assertThat(awaitRequests(OPS, runId, "incident-opened", 1)).hasSize(1);
    assertThat(outbox.ofRun(runId))
        .filteredOn(e -> e.origin().equals("incident:" + incident.getIncidentKey()))
        .extracting(e -> e.channel())
        .containsExactlyInAnyOrder("global:ops", "global:down");
    // and the run goes on once the incident is retried
    post("/api/incidents/" + incident.getIncidentKey() + "/retry", "{\"retries\":1}");
    awaitApprovalWaiting(runId);
    decide(runId, "{\"decision\":\"reject\"}");
    assertThatProcessInstance(byKey(processInstanceOf(runId)))
        .isCompleted()
        .hasCompletedElements("ended-not-approved");
  }

  private void releaseNewBuild(String version) {
    build(fixture.commit("www/version.json", "{\"version\":\"" + version + "\"}\n"));
    String runId = release();
    awaitApprovalWaiting(runId);
    decide(runId, "{\"decision\":\"approve\"}");
    assertThatProcessInstance(byKey(processInstanceOf(runId)))
        .isCompleted()
        .hasCompletedElements("ended-released");
  }

  private String release() {
    HttpResponse<String> started = post("/api/releases", "{\"app\":\"" + APP + "\"}");
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    return runIdOf(started);
  }

  /** Waits for {@code count} requests of the event about the run and returns them in order. */
  private static List<WebhookReceiver.Received> awaitRequests(
      WebhookReceiver receiver, String runId, String event, int count) {
    return await(
        count + " " + event + " requests about " + runId,
        () -> {
          List<WebhookReceiver.Received> matching =
              receiver.received().stream()
                  .filter(r -> event.equals(r.header("X-Modelship-Event")))
                  .filter(r -> r.text().contains("\"runId\":\"" + runId + "\""))
                  .toList();
          return matching.size() >= count
              ? java.util.Optional.of(matching)
              : java.util.Optional.empty();
        });
  }

  private static MimeMessage mailAbout(String runId, String subject) {
    return await(
        "a mail about " + runId,
        () ->
            Arrays.stream(SMTP.getReceivedMessages())
                .filter(m -> GreenMailUtil.getBody(m).contains(runId))
                .filter(m -> subjectOf(m).contains(subject))
                .findFirst());
  }

  private static String subjectOf(MimeMessage message) {
    try {
      return message.getSubject();
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }
}

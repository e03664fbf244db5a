package io.modelship.pipeline;

import static io.camunda.process.test.api.CamundaAssert.assertThatProcessInstance;
import static io.camunda.process.test.api.assertions.ProcessInstanceSelectors.byKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelship.release.Build;
import io.modelship.release.ReleaseLocks;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;

/**
 * The quality gate on the embedded engine: run-tests records the metrics file with the build, and
 * the nightly release checks them against {@code quality.gate} before staging.
 */
@Import(TestSteps.class)
class QualityGateProcessIT extends ProcessTestSupport {

  private static final String APP = PipelineFixture.APP;
  private static final String GATE =
      """
      quality:
        metrics: reports/metrics.json
        gate: ["accuracy >= 0.9", "accuracy >= production - 0.01"]
      """;

  @Autowired ReleaseLocks locks;

  @AfterEach
  void restoreThePipelineFile() {
    // The fixture's repository is shared with the other process tests.
    fixture.commit(".modelship.yaml", fixture.pipelineFile(null, "www"));
  }

  @Test
  void shouldRejectAModelBelowTheGateBeforeItReachesStaging() {
    // given: the tests measured 0.87
    Build build = buildWithAccuracy("0.87");
    assertThat(build.metrics().values()).isEqualTo(Map.of("accuracy", 0.87));
    // when
    String runId = release();
    // then
    assertThat(outcome(runId)).isEqualTo("rejected-by-quality-gate");
    assertThat(script.calls("deploy:staging")).isZero();
    Build rejected = ledger.findBuild(build.runId()).orElseThrow();
    assertThat(rejected.status()).isEqualTo(Build.REJECTED);
    assertThat(rejected.gateOutcome()).isEqualTo(Build.GATE_FAILED);
    assertThat(rejected.gateReason()).contains("accuracy 0.87 >= 0.9 failed");
    assertThat(locks.holder(APP)).isEmpty();
    // and no later release takes it
    assertThat(ledger.newestGoodBuild(APP, "main").map(Build::runId)).isNotEqualTo(build.runId());
  }

  @Test
  void shouldReleaseAModelThatPassesTheGateWithItsMetricsInTheLedger() {
    // given
    Build build = buildWithAccuracy("0.97");
    // when
    String runId = release();
    awaitApprovalWaiting(runId);
    HttpResponse<String> approved = decide(runId, "{\"decision\":\"approve\"}");
    // then
    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
    assertThat(outcome(runId)).isEqualTo("released");
    Build production = ledger.buildRunningIn(APP, "production").orElseThrow();
    assertThat(production.runId()).isEqualTo(build.runId());
    assertThat(production.metrics().values()).isEqualTo(Map.of("accuracy", 0.97));
    assertThat(production.gateOutcome()).isEqualTo(Build.GATE_PASSED);
    assertThat(script.calls("deploy:staging")).isEqualTo(1);
  }

  @Test
  void shouldShowTheApproverTheCandidatesMetricsNextToProductions() {
    // given: production runs a model at 0.98
    buildWithAccuracy("0.98");
    String first = release();
    awaitApprovalWaiting(first);
    decide(first, "{\"decision\":\"approve\"}");
    assertThat(outcome(first)).isEqualTo("released");
    // when: a model at 0.975 (within 0.01 of production) waits for approval
    Build candidate = buildWithAccuracy("0.975");
    String second = release();
    awaitApprovalWaiting(second);
    HttpResponse<String> detail = get("/api/runs/" + second);
    // then
    assertThat(detail.statusCode()).isEqualTo(200);
    assertThat(detail.body())
        .contains("\"candidate\":{\"buildRunId\":\"" + candidate.runId() + "\"")
        .contains("\"metrics\":{\"accuracy\":0.975}")
        .contains("\"production\":{")
        .contains("\"metrics\":{\"accuracy\":0.98}")
        .contains("\"gateOutcome\":\"passed\"")
        .contains("accuracy 0.975 >= production 0.98 - 0.01");
    decide(second, "{\"decision\":\"reject\"}");
    assertThat(outcome(second)).isEqualTo("not-approved");
  }

  private Build buildWithAccuracy(String accuracy) {
    fixture.commit("reports/metrics.json", "{\"accuracy\": " + accuracy + "}\n");
    return build(fixture.commit(".modelship.yaml", fixture.pipelineFile(null, "www") + GATE));
  }

  private String release() {
    HttpResponse<String> started = post("/api/releases", "{\"app\":\"model-api\"}");
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    return runIdOf(started);
  }

  private String outcome(String runId) {
    long instance = processInstanceOf(runId);
    assertThatProcessInstance(byKey(instance)).isCompleted();
    String result = steps.find(runId, "release-lock." + APP).orElseThrow().result();
    String outcome = result.replaceAll(".*\"releaseOutcome\":\"([^\"]+)\".*", "$1");
    assertThatProcessInstance(byKey(instance))
        .hasCompletedElements("ended-" + outcome)
        .hasNoActiveIncidents();
    return outcome;
  }
}

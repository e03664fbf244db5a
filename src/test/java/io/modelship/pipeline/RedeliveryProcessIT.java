package io.modelship.pipeline;

import static io.camunda.process.test.api.CamundaAssert.assertThatProcessInstance;
import static io.camunda.process.test.api.assertions.ProcessInstanceSelectors.byKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.api.response.ActivatedJob;
import io.modelship.deploy.DeployWorker;
import io.modelship.image.PushImageWorker;
import io.modelship.release.Build;
import io.modelship.release.StepRecord;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * A job handed out again while its step still runs must not push or deploy twice. The step runs
 * slowly in the app's worker; the engine's clock moves past the job's timeout (no heartbeat extends
 * it here), the engine hands the job out again, and a second worker (the test, calling the same
 * worker bean, as a second replica would) takes it. Counted at the registry (manifest PUTs) and at
 * the deployer.
 */
@Import(TestSteps.class)
@TestPropertySource(properties = "modelship.steps.heartbeat=PT1H")
class RedeliveryProcessIT extends ProcessTestSupport {

  @Autowired PushImageWorker pushWorker;
  @Autowired DeployWorker deployWorker;

  @Test
  void shouldPushOnceWhenThePushJobIsDeliveredAgainMidStep() {
    // given: a slow push, running in the app's worker
    String sha = fixture.commit("www/version.json", "{\"version\":\"redelivered-push\"}\n");
    script.delay("push-image", Duration.ofSeconds(6));
    String runId =
        runIdOf(post("/api/builds", "{\"app\":\"model-api\",\"commitSha\":\"" + sha + "\"}"));
    awaitStarted(runId, "push-image");
    // when: the job times out and a second worker gets it while the push still runs
    advanceClock(Duration.ofMinutes(10));
    ActivatedJob again = activateAgain("push-image");
    CompletableFuture<Void> second =
        CompletableFuture.runAsync(() -> pushWorker.pushImage(camunda, again));
    Build build = awaitBuild(runId);
    second.join();
    // then
    assertThat(build.status()).isEqualTo(Build.SUCCEEDED);
    assertThat(script.calls("push-image")).isEqualTo(1);
    assertThat(manifestPutsFor(sha)).hasSize(1);
    assertThat(steps.find(runId, "push-image").orElseThrow().attempts()).isEqualTo(1);
    assertThatProcessInstance(byKey(processInstanceOf(runId)))
        .hasCompletedElement("push-image", 1)
        .hasCompletedElements("image-published")
        .hasNoActiveIncidents();
    assertThat(get("/api/runs/" + runId + "/steps/push-image/log").body())
        .contains("delivered again");
  }

  @Test
  void shouldDeployOnceWhenTheDeployJobIsDeliveredAgainMidStep() {
    // given: a slow staging deploy
    build(fixture.commit("www/version.json", "{\"version\":\"redelivered-deploy\"}\n"));
    script.delay("deploy:staging", Duration.ofSeconds(6));
    String runId = runIdOf(post("/api/releases", "{\"app\":\"model-api\"}"));
    String step = "deploy-staging." + PipelineFixture.APP;
    awaitStarted(runId, step);
    // when
    advanceClock(Duration.ofMinutes(10));
    ActivatedJob again = activateAgain("deploy");
    CompletableFuture<Void> second =
        CompletableFuture.runAsync(() -> deployWorker.deploy(camunda, again));
    StepRecord deployed = awaitStep(runId, step);
    second.join();
    // then
    assertThat(deployed.state()).isEqualTo(StepRecord.SUCCEEDED);
    assertThat(deployed.attempts()).isEqualTo(1);
    assertThat(script.calls("deploy:staging")).isEqualTo(1);
    assertThat(ledger.releasesOfRun(runId)).hasSize(1);
    assertThatProcessInstance(byKey(processInstanceOf(runId)))
        .hasCompletedElement("deploy-staging", 1)
        .hasNoActiveIncidents();
    assertThat(get("/api/runs/" + runId + "/steps/" + step + "/log").body())
        .contains("delivered again");
  }

  private void awaitStarted(String runId, String step) {
    await(
        step + " to start",
        () -> steps.find(runId, step).filter(s -> StepRecord.STARTED.equals(s.state())));
  }

  /** Activates the timed-out job, as a second worker would. */
  private ActivatedJob activateAgain(String type) {
    return await(
        "the " + type + " job to be handed out again",
        () -> {
          List<ActivatedJob> jobs =
              camunda
                  .newActivateJobsCommand()
                  .jobType(type)
                  .maxJobsToActivate(1)
                  .timeout(Duration.ofMinutes(5))
                  .requestTimeout(Duration.ofSeconds(1))
                  .send()
                  .join()
                  .getJobs();
          return jobs.isEmpty() ? Optional.empty() : Optional.of(jobs.get(0));
        });
  }
}

package io.modelship.pipeline;

import static io.camunda.process.test.api.CamundaAssert.assertThatProcessInstance;
import static io.camunda.process.test.api.assertions.ProcessInstanceSelectors.byKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelship.release.Build;
import io.modelship.release.Release;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An app that stages on publish: a model published to Azurite starts a release that rebuilds the
 * release branch's head with it (a model-only build), checks the gate and deploys to staging.
 */
@Import({TestSteps.class, AzuriteModels.class})
class StageOnPublishProcessIT extends ProcessTestSupport {

  @DynamicPropertySource
  static void modelDelivery(DynamicPropertyRegistry properties) {
    properties.add("modelship.model-delivery.event-grid-key", () -> ModelDeliveryProcessIT.KEY);
    properties.add("modelship.model-delivery.stage-on-publish[0]", () -> PipelineFixture.APP);
  }

  @BeforeAll
  static void startAzurite() {
    AzuriteModels.AZURITE.start();
    AzuriteModels.AZURITE.serviceClient().createBlobContainer("models");
  }

  @AfterAll
  static void stopAzuriteAndRestoreThePipelineFile() {
    AzuriteModels.AZURITE.stop();
    PipelineFixture fixture = PipelineFixture.get();
    fixture.commit(".modelship.yaml", fixture.pipelineFile(null, "www"));
  }

  @Test
  void shouldReleaseAPublishedModelToStagingRightAfterItsBuild() {
    // given: the app reads its model from Azurite and has a good build
    ModelDeliveryProcessIT.publish();
    String yaml =
        fixture
            .pipelineFile(null, "www")
            .replace("uri: file:" + PipelineFixture.MODEL, "uri: " + ModelDeliveryProcessIT.AZBLOB);
    assertThat(build(fixture.commit(".modelship.yaml", yaml)).status()).isEqualTo(Build.SUCCEEDED);
    String sha = ModelDeliveryProcessIT.publish();
    // when
    HttpResponse<String> delivered =
        ModelDeliveryProcessIT.eventGrid(
            this,
            "Notification",
            "application/json",
            "["
                + ModelDeliveryProcessIT.blobCreated(
                    UUID.randomUUID().toString(), ModelDeliveryProcessIT.URL)
                + "]");
    // then
    assertThat(delivered.statusCode()).as(delivered.body()).isEqualTo(202);
    assertThat(delivered.body()).contains("\"kind\":\"release\"");
    String releaseRunId = runIdOf(delivered);
    awaitApprovalWaiting(releaseRunId);
    Build rebuilt = ledger.findBuild(releaseRunId + "-" + PipelineFixture.APP).orElseThrow();
    assertThat(rebuilt.status()).isEqualTo(Build.SUCCEEDED);
    assertThat(rebuilt.modelOnly()).isTrue();
    assertThat(rebuilt.modelEvent()).isEqualTo("release:" + releaseRunId);
    assertThat(rebuilt.modelSha256()).isEqualTo(sha);
    assertThat(rebuilt.commitSha()).isEqualTo(fixture.head());
    Release staging = ledger.current(PipelineFixture.APP, "staging").orElseThrow();
    assertThat(staging.buildRunId()).isEqualTo(rebuilt.runId());
    // and the release waits for approval as every release does
    decide(releaseRunId, "{\"decision\":\"reject\"}");
    assertThatProcessInstance(byKey(processInstanceOf(releaseRunId)))
        .hasCompletedElements("ended-not-approved");
  }
}

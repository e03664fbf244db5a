package io.modelship.pipeline;

import static io.camunda.process.test.api.CamundaAssert.assertThatProcessInstance;
import static io.camunda.process.test.api.assertions.ProcessInstanceSelectors.byKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelship.release.Build;
import io.modelship.release.Release;
import io.modelship.release.StepRecord;
import io.modelship.servers.DockerEngine;
import io.modelship.servers.S3ProxyServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Both processes with every real step and no stand-in: the model from s3proxy (S3), the source from
 * git (JGit), the app's test command run by the process test runner, Jib pushing to the CNCF
 * registry, the local Docker deployer running the image in a private Docker engine, and HTTP smoke
 * tests against it.
 */
@TestPropertySource(
    properties = {"modelship.testing.runner=process", "modelship.deploy.target=local-docker"})
class PipelineEndToEndIT extends ProcessTestSupport {

  private static final String BUCKET = "models";
  private static final S3ProxyServer S3 = new S3ProxyServer();
  private static final DockerEngine DOCKER = new DockerEngine();
  private static String restorePipelineFile;
  private static Runnable stopUploads = () -> {};

  @DynamicPropertySource
  static void realSteps(DynamicPropertyRegistry properties) throws IOException {
    PipelineFixture fixture = PipelineFixture.get();
    S3.start();
    DOCKER.start();
    S3.client().createBucket(b -> b.bucket(BUCKET));
    fixture.uploadModel(S3.client(), BUCKET);
    stopUploads = fixture.onModelChange(() -> fixture.uploadModel(S3.client(), BUCKET));
    Path scratch = Files.createTempDirectory("modelship-e2e-");
    properties.add("modelship.models.s3.endpoint", () -> S3.endpoint().toString());
    properties.add("modelship.models.s3.path-style", () -> "true");
    properties.add("modelship.models.s3.region", () -> S3ProxyServer.REGION.id());
    properties.add("modelship.models.s3.access-key-id", () -> S3ProxyServer.ACCESS_KEY_ID);
    properties.add("modelship.models.s3.secret-access-key", () -> S3ProxyServer.SECRET_ACCESS_KEY);
    properties.add("modelship.models.cache.root", () -> scratch.resolve("model-cache").toString());
    properties.add("modelship.source.workspaces", () -> scratch.resolve("workspaces").toString());
    properties.add("modelship.docker.host", DOCKER::dockerHost);
    properties.add("modelship.deploy.local-docker.health-timeout", () -> "PT30S");
  }

  @AfterAll
  static void stopServers() {
    stopUploads.run();
    if (restorePipelineFile != null) {
      PipelineFixture.get().commit(".modelship.yaml", restorePipelineFile);
    }
    DOCKER.close();
    S3.stop();
  }

  @Test
  void shouldBuildACommitAndReleaseItWithEveryRealStep() throws Exception {
    // given: the app names its model on S3, and its tests check that the model is there
    restorePipelineFile = fixture.pipelineFile(null, "www");
    String sha =
        fixture.commit(
            ".modelship.yaml",
            restorePipelineFile
                .replace(
                    "file:" + PipelineFixture.MODEL, "s3://" + BUCKET + "/" + PipelineFixture.MODEL)
                .replace(
                    "command: [\"true\"]",
                    "command: [\"sh\", \"-c\", \"test -s \\\"$MODEL_PATH\\\" && echo model present\"]"));

    // when: commit-build
    Build build = build(sha);

    // then
    assertThat(build.status()).as(build.failureReason()).isEqualTo(Build.SUCCEEDED);
    assertThat(build.modelUri()).isEqualTo("s3://" + BUCKET + "/" + PipelineFixture.MODEL);
    assertThat(build.modelSha256()).isEqualTo(fixture.modelSha256());
    assertThat(manifestPutsFor(sha)).hasSize(1);
    assertThat(get("/api/runs/" + build.runId() + "/steps/run-tests/log").body())
        .contains("model present");

    // when: nightly-release, approved
    HttpResponse<String> started = post("/api/releases", "{\"app\":\"model-api\"}");
    String runId = runIdOf(started);
    awaitApprovalWaiting(runId);
    decide(runId, "{\"decision\":\"approve\",\"comment\":\"e2e\"}");

    // then: released, and production answers as its smoke checks expect
    assertThatProcessInstance(byKey(processInstanceOf(runId)))
        .isCompleted()
        .hasCompletedElements(
            "deploy-staging", "smoke-staging", "deploy-production", "smoke-production")
        .hasCompletedElements("ended-released");
    StepRecord lock = steps.find(runId, "release-lock." + PipelineFixture.APP).orElseThrow();
    assertThat(lock.result()).contains("\"releaseOutcome\":\"released\"");
    Release production = ledger.current(PipelineFixture.APP, "production").orElseThrow();
    assertThat(production.imageDigest()).isEqualTo(build.imageDigest());
    assertThat(production.modelSha256()).isEqualTo(build.modelSha256());
    String endpoint =
        steps
            .find(runId, "deploy-production." + PipelineFixture.APP)
            .orElseThrow()
            .result()
            .replaceAll(".*\"endpoint\":\"([^\"]+)\".*", "$1");
    HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create(endpoint)).GET().build());
    assertThat(answer.body()).contains("Healthy");
    assertThat(
            get("/api/runs/" + runId + "/steps/smoke-production." + PipelineFixture.APP + "/log")
                .body())
        .contains("passed");
  }
}

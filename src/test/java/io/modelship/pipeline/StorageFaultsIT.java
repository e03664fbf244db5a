package io.modelship.pipeline;

import static io.camunda.process.test.api.CamundaAssert.assertThatProcessInstance;
import static io.camunda.process.test.api.assertions.ProcessInstanceSelectors.byKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.api.search.response.Incident;
import io.modelship.release.Build;
import io.modelship.release.StepRecord;
import io.modelship.servers.S3ProxyServer;
import io.modelship.servers.SmallDisk;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What a commit-build does when its storage fails under it, against the real servers: the model
 * store (s3proxy) goes down for a while, and the model cache's disk (a small tmpfs of its own) is
 * full. Each ends as a transient failure retried with backoff, or as an incident whose retry
 * through the API ends the build well once the store or the space is back; nothing half-written is
 * left behind.
 */
class StorageFaultsIT extends ProcessTestSupport {

  private static final String BUCKET = "models";
  private static final S3ProxyServer S3 = new S3ProxyServer();
  private static SmallDisk cacheDisk;
  private static SmallDisk imageCacheDisk;
  private static String restorePipelineFile;
  private static Runnable stopUploads = () -> {};

  @DynamicPropertySource
  static void storage(DynamicPropertyRegistry properties) {
    PipelineFixture fixture = PipelineFixture.get();
    S3.start();
    S3.client().createBucket(b -> b.bucket(BUCKET));
    fixture.uploadModel(S3.client(), BUCKET);
    stopUploads = fixture.onModelChange(() -> fixture.uploadModel(S3.client(), BUCKET));
    cacheDisk = SmallDisk.mount(4);
    imageCacheDisk = SmallDisk.mount(256);
    properties.add("modelship.models.s3.endpoint", () -> S3.endpoint().toString());
    properties.add("modelship.models.s3.path-style", () -> "true");
    properties.add("modelship.models.s3.region", () -> S3ProxyServer.REGION.id());
    properties.add("modelship.models.s3.access-key-id", () -> S3ProxyServer.ACCESS_KEY_ID);
    properties.add("modelship.models.s3.secret-access-key", () -> S3ProxyServer.SECRET_ACCESS_KEY);
    properties.add("modelship.models.cache.root", () -> cacheDisk.root().toString());
    fixture.jibCacheAt(imageCacheDisk.root());
  }

  @BeforeEach
  void modelOnS3() {
    if (restorePipelineFile == null) {
      restorePipelineFile = fixture.pipelineFile(null, "www");
      fixture.commit(
          ".modelship.yaml",
          restorePipelineFile.replace(
              "file:" + PipelineFixture.MODEL, "s3://" + BUCKET + "/" + PipelineFixture.MODEL));
    }
  }

  @AfterEach
  void storageBack() {
    S3.resumeIfSuspended();
    cacheDisk.free();
    imageCacheDisk.free();
  }

  @AfterAll
  static void stopServers() {
    stopUploads.run();
    PipelineFixture.get().jibCacheAt(null);
    if (restorePipelineFile != null) {
      PipelineFixture.get().commit(".modelship.yaml", restorePipelineFile);
      restorePipelineFile = null;
    }
    S3.stop();
    if (cacheDisk != null) {
      cacheDisk.close();
    }
    if (imageCacheDisk != null) {
      imageCacheDisk.close();
    }
  }

  @Test
  void shouldRetryTheFetchWhileTheModelStoreIsDownAndBuildOnceItIsBack() throws Exception {
    // given: the store is down when the build starts, and stays down for two attempts
    fixture.changeModel();
    String sha = fixture.commit("www/version.json", "{\"version\":\"store-down\"}\n");
    S3.suspend();
    long downSince = System.nanoTime();
    // when
    String runId =
        runIdOf(post("/api/builds", "{\"app\":\"model-api\",\"commitSha\":\"" + sha + "\"}"));
    retryAfterBackoff(runId, "fetch-model", 1);
    awaitFailedAttempt(runId, "fetch-model", 2);
    // an outage of at least 20 s, as the issue asks
    Thread.sleep(Math.max(0, 20_000 - (System.nanoTime() - downSince) / 1_000_000));
    S3.resume();
    startAttemptAfter(runId, "fetch-model", 2);
    Build build = awaitBuild(runId);
    // then
    assertThat(build.status()).as(build.failureReason()).isEqualTo(Build.SUCCEEDED);
    assertThat(build.modelSha256()).isEqualTo(fixture.modelSha256());
    StepRecord fetch = steps.find(runId, "fetch-model").orElseThrow();
    assertThat(fetch.attempts()).isEqualTo(3);
    assertThat(get("/api/runs/" + runId + "/steps/fetch-model/log?attempt=1").body())
        .contains("worth retrying")
        .doesNotContain(S3ProxyServer.SECRET_ACCESS_KEY);
    assertThat(manifestPutsFor(sha)).hasSize(1);
    assertThatProcessInstance(byKey(processInstanceOf(runId)))
        .hasCompletedElements("image-published")
        .hasNoActiveIncidents();
  }

  @Test
  void shouldOpenAnIncidentWhenTheModelStoreStaysDownAndBuildOnItsRetry() {
    // given: the store stays down through all three attempts
    fixture.changeModel();
    String sha = fixture.commit("www/version.json", "{\"version\":\"store-gone\"}\n");
    S3.suspend();
    String runId =
        runIdOf(post("/api/builds", "{\"app\":\"model-api\",\"commitSha\":\"" + sha + "\"}"));
    retryAfterBackoff(runId, "fetch-model", 2);
    long instance = processInstanceOf(runId);
    Incident incident = awaitIncident(instance);
    assertThat(incident.getElementId()).isEqualTo("fetch-model");
    assertThat(incident.getErrorMessage())
        .contains("s3://" + BUCKET + "/" + PipelineFixture.MODEL)
        .doesNotContain(S3ProxyServer.SECRET_ACCESS_KEY);
    // when: the store is back and an operator retries
    S3.resume();
    HttpResponse<String> retried =
        post("/api/incidents/" + incident.getIncidentKey() + "/retry", "{}");
    // then
    assertThat(retried.statusCode()).as(retried.body()).isEqualTo(202);
    Build build = awaitBuild(runId);
    assertThat(build.status()).as(build.failureReason()).isEqualTo(Build.SUCCEEDED);
    assertThat(steps.find(runId, "fetch-model").orElseThrow().attempts()).isEqualTo(4);
    assertThat(manifestPutsFor(sha)).hasSize(1);
  }

  @Test
  void shouldOpenAClearIncidentWhenTheModelCacheIsFullAndBuildOnceSpaceIsBack() throws Exception {
    // given: a new model, and no space left where the cache keeps it
    fixture.changeModel();
    String sha = fixture.commit("www/version.json", "{\"version\":\"disk-full\"}\n");
    cacheDisk.fill();
    String runId =
        runIdOf(post("/api/builds", "{\"app\":\"model-api\",\"commitSha\":\"" + sha + "\"}"));
    // when
    long instance = processInstanceOf(runId);
    Incident incident = awaitIncidentRetrying(runId, instance);
    // then: the incident says what is wrong, and where
    assertThat(incident.getElementId()).isEqualTo("fetch-model");
    assertThat(incident.getErrorMessage())
        .contains("No space left on device")
        .contains(cacheDisk.root().toString());
    // when: space is back and an operator retries
    cacheDisk.free();
    HttpResponse<String> retried =
        post("/api/incidents/" + incident.getIncidentKey() + "/retry", "{}");
    assertThat(retried.statusCode()).as(retried.body()).isEqualTo(202);
    // then: the build ends well with the model as the store has it, and no partial file is left
    Build build = awaitBuild(runId);
    assertThat(build.status()).as(build.failureReason()).isEqualTo(Build.SUCCEEDED);
    String expected = fixture.modelSha256();
    assertThat(build.modelSha256()).isEqualTo(expected);
    try (Stream<Path> files = Files.walk(cacheDisk.root())) {
      assertThat(files.filter(Files::isRegularFile).map(Path::toString))
          .as("files in the model cache")
          .noneMatch(f -> f.endsWith(".part"))
          .anyMatch(f -> f.endsWith(expected));
    }
    assertThat(PipelineFixture.sha256(cacheDisk.root().resolve("objects").resolve(expected)))
        .isEqualTo(expected);
    assertThat(manifestPutsFor(sha)).hasSize(1);
  }

  @Test
  void shouldOpenAClearIncidentWhenTheImageCacheIsFullAndPushOnceSpaceIsBack() throws Exception {
    // given: a build that warms the image cache, then a new model and no space left in that cache
    assertThat(build(fixture.commit("www/version.json", "{\"version\":\"warm\"}\n")).status())
        .isEqualTo(Build.SUCCEEDED);
    try (Stream<Path> files = Files.walk(imageCacheDisk.root())) {
      assertThat(files.filter(Files::isRegularFile).count())
          .as("files in Jib's cache")
          .isPositive();
    }
    fixture.changeModel();
    String sha = fixture.commit("www/version.json", "{\"version\":\"image-disk-full\"}\n");
    imageCacheDisk.fill();
    String runId =
        runIdOf(post("/api/builds", "{\"app\":\"model-api\",\"commitSha\":\"" + sha + "\"}"));
    // when
    long instance = processInstanceOf(runId);
    Incident incident = awaitIncidentRetrying(runId, instance, "build-image");
    // then: the incident names the cache and the disk's error, and nothing was pushed
    assertThat(incident.getElementId()).isEqualTo("build-image");
    assertThat(incident.getErrorMessage())
        .contains("No space left on device")
        .contains(imageCacheDisk.root().toString());
    assertThat(manifestPutsFor(sha)).isEmpty();
    // when: space is back and an operator retries
    imageCacheDisk.free();
    HttpResponse<String> retried =
        post("/api/incidents/" + incident.getIncidentKey() + "/retry", "{}");
    assertThat(retried.statusCode()).as(retried.body()).isEqualTo(202);
    // then: built and pushed once, with the new model
    Build build = awaitBuild(runId);
    assertThat(build.status()).as(build.failureReason()).isEqualTo(Build.SUCCEEDED);
    assertThat(build.modelSha256()).isEqualTo(fixture.modelSha256());
    assertThat(manifestPutsFor(sha)).hasSize(1);
  }

  private Incident awaitIncidentRetrying(String runId, long instance) {
    return awaitIncidentRetrying(runId, instance, "fetch-model");
  }

  /** Waits for the incident, moving the clock past each backoff if the failure is retried. */
  private Incident awaitIncidentRetrying(String runId, long instance, String step) {
    StepRecord first = awaitFailedAttempt(runId, step, 1);
    if (first.errorCode() == null && !hasIncident(instance)) {
      retryAfterBackoff(runId, step, 2);
    }
    return awaitIncident(instance);
  }

  private boolean hasIncident(long instance) {
    return !camunda
        .newIncidentSearchRequest()
        .filter(f -> f.processInstanceKey(instance))
        .send()
        .join()
        .items()
        .isEmpty();
  }

  private StepRecord awaitFailedAttempt(String runId, String step, int attempt) {
    return await(
        "attempt " + attempt + " of " + step + " to fail",
        () ->
            steps
                .find(runId, step)
                .filter(s -> s.attempts() == attempt && StepRecord.FAILED.equals(s.state())));
  }
}

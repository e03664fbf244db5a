package io.modelship.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelship.release.Build;
import io.modelship.trigger.SignatureVerifier;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Benchmark, not a test (not in the suite: run it with {@code bin/bench-model-delivery}): from an
 * Event Grid BlobCreated delivery to the model-only build's first step starting, against a GitHub
 * push delivery to its commit build's first step, side by side on one Modelship, with the model in
 * Azurite and the embedded engine. Each delivery's build is awaited before the next is sent.
 */
@Import({TestSteps.class, AzuriteModels.class})
class ModelDeliveryBenchmark extends ProcessTestSupport {

  @DynamicPropertySource
  static void modelDelivery(DynamicPropertyRegistry properties) {
    properties.add("modelship.model-delivery.event-grid-key", () -> ModelDeliveryProcessIT.KEY);
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
  void measureDeliveryToBuildStart() throws IOException {
    int rounds = Integer.getInteger("modelship.bench.deliveries", 10);
    ModelDeliveryProcessIT.publish();
    String yaml =
        fixture
            .pipelineFile(null, "www")
            .replace("uri: file:" + PipelineFixture.MODEL, "uri: " + ModelDeliveryProcessIT.AZBLOB);
    assertThat(build(fixture.commit(".modelship.yaml", yaml)).status()).isEqualTo(Build.SUCCEEDED);
    List<long[]> model = new ArrayList<>();
    List<long[]> push = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      ModelDeliveryProcessIT.publish();
      String event =
          "["
              + ModelDeliveryProcessIT.blobCreated(
                  UUID.randomUUID().toString(), ModelDeliveryProcessIT.URL)
              + "]";
      long start = System.nanoTime();
      HttpResponse<String> accepted =
          ModelDeliveryProcessIT.eventGrid(this, "Notification", "application/json", event);
      model.add(timings(start, accepted));
      String sha = fixture.commit("www/version.json", "{\"version\":\"bench-" + i + "\"}\n");
      String body =
          "{\"ref\":\"refs/heads/main\",\"after\":\""
              + sha
              + "\",\"repository\":{\"full_name\":\"acme/model-api\"}}";
      start = System.nanoTime();
      HttpResponse<String> pushed =
          send(
              HttpRequest.newBuilder(uri("/webhooks/github"))
                  .header("Content-Type", "application/json")
                  .header("X-GitHub-Event", "push")
                  .header("X-GitHub-Delivery", UUID.randomUUID().toString())
                  .header(
                      "X-Hub-Signature-256",
                      SignatureVerifier.sign(GITHUB_SECRET, body.getBytes(StandardCharsets.UTF_8)))
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build());
      push.add(timings(start, pushed));
    }
    String report =
        String.format(
            "Model delivery benchmark: %d rounds, Event Grid BlobCreated (4 KiB model in Azurite)"
                + " against GitHub push, side by side%n%n%-34s %12s %12s %12s%n%s%s%s%s%n"
                + "Goal: model delivery accepted -> model-only build's first step, p50 < 1 s: %s%n",
            rounds,
            "from the delivery sent, ms",
            "p50",
            "p90",
            "max",
            row("Event Grid: answered (202)", model, 0),
            row("Event Grid: first build step", model, 1),
            row("GitHub push: answered (202)", push, 0),
            row("GitHub push: first build step", push, 1),
            percentile(model, 1, 50) < 1000 ? "met" : "NOT met");
    System.out.println(report);
    Files.writeString(Path.of("target/bench-model-delivery.txt"), report);
  }

  /** Milliseconds until the answer, and until the build's first step started; then awaits it. */
  private long[] timings(long start, HttpResponse<String> accepted) {
    long answered = System.nanoTime();
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    String runId = runIdOf(accepted);
    long started = 0;
    for (int i = 0; i < 30_000 && started == 0; i++) {
      if (steps.find(runId, "fetch-source").isPresent()
          || steps.find(runId, "fetch-model").isPresent()) {
        started = System.nanoTime();
      } else {
        sleep();
      }
    }
    assertThat(started).as("the build's first step of " + runId + " within 30 s").isPositive();
    awaitBuild(runId);
    return new long[] {(answered - start) / 1_000_000, (started - start) / 1_000_000};
  }

  private static String row(String name, List<long[]> values, int index) {
    return String.format(
        "%-34s %12d %12d %12d%n",
        name,
        percentile(values, index, 50),
        percentile(values, index, 90),
        percentile(values, index, 100));
  }

  private static long percentile(List<long[]> values, int index, int p) {
    long[] sorted = values.stream().mapToLong(v -> v[index]).sorted().toArray();
    int at = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(at, sorted.length - 1))];
  }

  private static void sleep() {
    try {
      Thread.sleep(1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

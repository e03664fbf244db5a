package io.modelship.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.util.BinaryData;
import io.modelship.release.Build;
import io.modelship.trigger.SignatureVerifier;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Model-published triggers on the embedded engine, with the app's model in Azurite: Event Grid
 * deliveries shaped as the service sends them (validation handshake first, both schemas), the
 * signed model-published webhook and the API start one model-only build of the release branch's
 * head per model digest; duplicates, bad secrets, malformed bodies and unknown blobs start nothing.
 */
@Import({TestSteps.class, AzuriteModels.class})
class ModelDeliveryProcessIT extends ProcessTestSupport {

  static final String KEY = "eg-key-5b1f0c";
  static final String SECRET = "model-hook-9d3e";
  static final String ACCOUNT = "devstoreaccount1";
  static final String BLOB = "digits/weights.bin";
  static final String AZBLOB = "azblob://" + ACCOUNT + "/models/" + BLOB;
  static final String URL = "https://" + ACCOUNT + ".blob.core.windows.net/models/" + BLOB;

  private static int models;
  private static Build baseline;

  @DynamicPropertySource
  static void modelDelivery(DynamicPropertyRegistry properties) {
    properties.add("modelship.model-delivery.event-grid-key", () -> KEY);
    properties.add("modelship.model-delivery.webhook-secret", () -> SECRET);
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

  /** Once per class: the app reads its model from Azurite, and has one good build of it. */
  @BeforeEach
  void buildTheAppWithItsModelInAzurite() {
    if (baseline != null && ledger.findBuild(baseline.runId()).isPresent()) {
      return;
    }
    publish();
    String yaml =
        fixture
            .pipelineFile(null, "www")
            .replace("uri: file:" + PipelineFixture.MODEL, "uri: " + AZBLOB);
    baseline = build(fixture.commit(".modelship.yaml", yaml));
    assertThat(baseline.status()).as(baseline.failureReason()).isEqualTo(Build.SUCCEEDED);
    assertThat(baseline.modelUri()).isEqualTo(AZBLOB);
  }

  @Test
  void shouldAnswerTheValidationHandshakeThenBuildAPublishedModelOnce() {
    // given: Event Grid validates the subscription first
    HttpResponse<String> validated =
        eventGrid("SubscriptionValidation", "application/json", validationEvent("code-4f2a"));
    assertThat(validated.statusCode()).as(validated.body()).isEqualTo(200);
    assertThat(validated.body()).isEqualTo("{\"validationResponse\":\"code-4f2a\"}");
    // when: a data scientist publishes a new model, and Event Grid delivers BlobCreated
    String sha = publish();
    String id = UUID.randomUUID().toString();
    HttpResponse<String> delivered =
        eventGrid("Notification", "application/json", "[" + blobCreated(id, URL) + "]");
    // then
    assertThat(delivered.statusCode()).as(delivered.body()).isEqualTo(202);
    assertThat(delivered.body()).contains("\"kind\":\"build\"").contains("\"app\":\"model-api\"");
    Build build = awaitBuild(runIdOf(delivered));
    assertThat(build.status()).as(build.failureReason()).isEqualTo(Build.SUCCEEDED);
    assertThat(build.modelOnly()).isTrue();
    assertThat(build.modelEvent()).isEqualTo("eventgrid:" + id);
    assertThat(build.modelSha256()).isEqualTo(sha);
    assertThat(build.commitSha()).isEqualTo(fixture.head());
    // and: a redelivery of the event, and another event for the same model, start nothing
    int builds = builds();
    HttpResponse<String> again =
        eventGrid("Notification", "application/json", "[" + blobCreated(id, URL) + "]");
    assertThat(again.body()).contains("\"duplicate\":true").contains(build.runId());
    HttpResponse<String> sameModel =
        eventGrid(
            "Notification",
            "application/json",
            "[" + blobCreated(UUID.randomUUID().toString(), URL) + "]");
    assertThat(sameModel.body()).contains("model unchanged since build " + build.runId());
    assertThat(builds()).isEqualTo(builds);
  }

  @Test
  void shouldBuildFromACloudEventAfterTheAbuseProtectionHandshake() {
    // given
    HttpResponse<String> allowed =
        send(
            HttpRequest.newBuilder(uri("/webhooks/eventgrid?key=" + KEY))
                .header("WebHook-Request-Origin", "eventgrid.azure.net")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .build());
    assertThat(allowed.statusCode()).isEqualTo(200);
    assertThat(allowed.headers().firstValue("WebHook-Allowed-Origin"))
        .hasValue("eventgrid.azure.net");
    String sha = publish();
    // when
    String id = UUID.randomUUID().toString();
    HttpResponse<String> delivered =
        eventGrid(null, "application/cloudevents+json; charset=utf-8", cloudEvent(id, URL));
    // then
    assertThat(delivered.statusCode()).as(delivered.body()).isEqualTo(202);
    Build build = awaitBuild(runIdOf(delivered));
    assertThat(build.modelSha256()).isEqualTo(sha);
    assertThat(build.modelEvent()).isEqualTo("eventgrid:" + id);
  }

  @Test
  void shouldRefuseBadDeliveriesAndIgnoreUnknownBlobsStartingNothing() {
    // given
    publish();
    int builds = builds();
    String event = "[" + blobCreated(UUID.randomUUID().toString(), URL) + "]";
    // when / then: a wrong or missing key
    HttpResponse<String> wrongKey =
        send(
            HttpRequest.newBuilder(uri("/webhooks/eventgrid?key=guess"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(event))
                .build());
    assertThat(wrongKey.statusCode()).isEqualTo(401);
    assertThat(wrongKey.body()).doesNotContain(KEY).contains("Event Grid key");
    // malformed bodies
    assertThat(eventGrid("Notification", "application/json", "not json").statusCode())
        .isEqualTo(400);
    HttpResponse<String> noUrl =
        eventGrid("Notification", "application/json", "[" + blobCreated("e-1", null) + "]");
    assertThat(noUrl.statusCode()).isEqualTo(400);
    assertThat(noUrl.body()).contains("data.url");
    assertThat(eventGrid("Notification", "application/json", "[]").statusCode()).isEqualTo(400);
    // a blob no app uses, and an event that builds nothing
    HttpResponse<String> unknown =
        eventGrid(
            "Notification",
            "application/json",
            "["
                + blobCreated(
                    UUID.randomUUID().toString(),
                    "https://" + ACCOUNT + ".blob.core.windows.net/models/other/weights.bin")
                + "]");
    assertThat(unknown.statusCode()).isEqualTo(202);
    assertThat(unknown.body()).contains("no app's model.uri is");
    assertThat(builds()).isEqualTo(builds);
    assertThat(
            jdbc.sql("select count(*) from model_publications where model_uri like '%other%'")
                .query(Integer.class)
                .single())
        .isZero();
  }

  @Test
  void shouldBuildFromASignedWebhookAndTheApiOncePerModel() {
    // given
    String sha = publish();
    String body = "{\"id\":\"mlflow-" + UUID.randomUUID() + "\",\"uri\":\"" + AZBLOB + "\"}";
    // when / then: a bad signature, a wrong digest
    assertThat(signed(body, "sha256=" + "0".repeat(64)).statusCode()).isEqualTo(401);
    HttpResponse<String> wrongDigest =
        signed(
            "{\"id\":\"x-1\",\"uri\":\"" + AZBLOB + "\",\"sha256\":\"" + "a".repeat(64) + "\"}",
            null);
    assertThat(wrongDigest.statusCode()).as(wrongDigest.body()).isEqualTo(422);
    // a good delivery builds
    HttpResponse<String> delivered = signed(body, null);
    assertThat(delivered.statusCode()).as(delivered.body()).isEqualTo(202);
    Build build = awaitBuild(runIdOf(delivered));
    assertThat(build.modelSha256()).isEqualTo(sha);
    assertThat(build.modelOnly()).isTrue();
    // the API, for the trigger role, with the next model
    String next = publish();
    HttpResponse<String> api =
        post("/api/models/published", "{\"uri\":\"" + AZBLOB + "\",\"sha256\":\"" + next + "\"}");
    assertThat(api.statusCode()).as(api.body()).isEqualTo(202);
    assertThat(awaitBuild(runIdOf(api)).modelSha256()).isEqualTo(next);
  }

  // ---- deliveries as the senders shape them

  HttpResponse<String> eventGrid(String aegEventType, String contentType, String body) {
    return eventGrid(this, aegEventType, contentType, body);
  }

  /** A delivery to {@code /webhooks/eventgrid} with the headers Event Grid sends. */
  static HttpResponse<String> eventGrid(
      ProcessTestSupport test, String aegEventType, String contentType, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(test.uri("/webhooks/eventgrid?key=" + KEY))
            .header("Content-Type", contentType)
            .header("aeg-subscription-name", "MODELS")
            .header("aeg-delivery-count", "0")
            .header("aeg-data-version", "")
            .header("aeg-metadata-version", "1")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (aegEventType != null) {
      request.header("aeg-event-type", aegEventType);
    }
    return test.send(request.build());
  }

  private HttpResponse<String> signed(String body, String signature) {
    return send(
        HttpRequest.newBuilder(uri("/webhooks/model-published"))
            .header("Content-Type", "application/json")
            .header(
                "X-Modelship-Signature-256",
                signature != null ? signature : SignatureVerifier.sign(SECRET, body.getBytes()))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  private static String validationEvent(String code) {
    return """
        [{"id": "2d1781af-3a4c-4d7c-bd0c-e34b19da4e66",
          "topic": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/ml/providers/Microsoft.Storage/storageAccounts/devstoreaccount1",
          "subject": "",
          "data": {"validationCode": "%s",
                   "validationUrl": "https://rp-eastus2.eventgrid.azure.net:553/eventsubscriptions/models/validate?id=512d38b6&t=2026-12-06T12:00:00Z&apiVersion=2018-05-01-preview&token=1A1A1A"},
          "eventType": "Microsoft.EventGrid.SubscriptionValidationEvent",
          "eventTime": "2026-12-06T12:00:00.0000000Z",
          "metadataVersion": "1",
          "dataVersion": "1"}]
        """
        .formatted(code);
  }

  private static String blobData(String url) {
    return """
        {"api": "PutBlob", "clientRequestId": "6d79dbfb-0e37-4fc4-981f-442c9ca65760",
         "requestId": "831e1650-001e-001b-66ab-eeb76e000000", "eTag": "0x8D4BCC2E4835CD0",
         "contentType": "application/octet-stream", "contentLength": 4096, "blobType": "BlockBlob",
         %s"sequencer": "00000000000004420000000000028963",
         "storageDiagnostics": {"batchId": "b68529f3-68cd-4744-baa4-3c0498ec19f0"}}
        """
        .formatted(url == null ? "" : "\"url\": \"" + url + "\", ");
  }

  static String blobCreated(String id, String url) {
    return """
        {"topic": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/ml/providers/Microsoft.Storage/storageAccounts/devstoreaccount1",
         "subject": "/blobServices/default/containers/models/blobs/digits/weights.bin",
         "eventType": "Microsoft.Storage.BlobCreated",
         "id": "%s",
         "data": %s,
         "dataVersion": "",
         "metadataVersion": "1",
         "eventTime": "2026-12-06T12:00:00.0000000Z"}
        """
        .formatted(id, blobData(url));
  }

  private static String cloudEvent(String id, String url) {
    return """
        {"specversion": "1.0",
         "type": "Microsoft.Storage.BlobCreated",
         "source": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/ml/providers/Microsoft.Storage/storageAccounts/devstoreaccount1",
         "id": "%s",
         "time": "2026-12-06T12:00:00.0000000Z",
         "subject": "/blobServices/default/containers/models/blobs/digits/weights.bin",
         "data": %s}
        """
        .formatted(id, blobData(url));
  }

  /** Uploads a new model to Azurite at the app's model URI; returns its SHA-256. */
  static String publish() {
    byte[] model = new byte[4096];
    new Random(++models * 7919L).nextBytes(model);
    AzuriteModels.AZURITE
        .serviceClient()
        .getBlobContainerClient("models")
        .getBlobClient(BLOB)
        .upload(BinaryData.fromBytes(model), true);
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(model));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private int builds() {
    return jdbc.sql("select count(*) from builds").query(Integer.class).single();
  }
}

package io.modelship.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.sas.BlobContainerSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import io.modelship.servers.AzuriteServer;
import io.modelship.servers.HttpCountingProxy;
import io.modelship.step.BusinessOutcomeException;
import io.modelship.step.ErrorCode;
import io.modelship.step.TransientStepException;
import io.modelship.steplog.SecretMasker;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

class AzureBlobModelStoreIT {

  @RegisterExtension static final AzuriteServer AZURITE = new AzuriteServer();

  static final String ACCOUNT = AzuriteServer.ACCOUNT;
  static final byte[] MODEL = TestModels.bytes(42, 1 << 20);
  static final String MODEL_SHA = TestModels.sha256(MODEL);
  static final String AZBLOB = "azblob://" + ACCOUNT + "/models/digits/weights.json";

  static BlobContainerClient container;

  @TempDir Path cacheDir;
  HttpCountingProxy proxy;
  final TestModels.Lines log = new TestModels.Lines();

  @BeforeAll
  static void uploadModel() {
    container = AZURITE.serviceClient().createBlobContainer("models");
    container.getBlobClient("digits/weights.json").upload(BinaryData.fromBytes(MODEL));
    container
        .getBlobClient("changing.bin")
        .upload(BinaryData.fromBytes(TestModels.bytes(6, 200_000)));
  }

  @BeforeEach
  void startProxy() throws IOException {
    proxy = new HttpCountingProxy(AZURITE.port());
  }

  @AfterEach
  void stopProxy() throws IOException {
    proxy.close();
  }

  private AzureBlobModelStore store(String connectionString, String sasToken, String endpoint) {
    AzureBlobModelStoreProperties properties =
        new AzureBlobModelStoreProperties(
            endpoint == null ? "http://127.0.0.1:" + proxy.port() + "/{account}" : endpoint,
            connectionString,
            sasToken,
            DataSize.ofKilobytes(256),
            4,
            2,
            Duration.ofSeconds(30));
    return new AzureBlobModelStore(
        properties, new ModelCache(cacheDir), SecretMasker.of(List.of(AzuriteServer.ACCOUNT_KEY)));
  }

  private String connectionStringViaProxy(String key) {
    return "DefaultEndpointsProtocol=http;AccountName="
        + ACCOUNT
        + ";AccountKey="
        + key
        + ";BlobEndpoint=http://127.0.0.1:"
        + proxy.port()
        + "/"
        + ACCOUNT
        + ";";
  }

  private AzureBlobModelStore store() {
    return store(connectionStringViaProxy(AzuriteServer.ACCOUNT_KEY), null, null);
  }

  @Test
  void shouldFetchAnAzblobUriInParallelRangesAndHashIt() throws IOException {
    // when
    FetchedModel model = store().fetch(AZBLOB, MODEL_SHA, log);

    // then
    assertThat(Files.readAllBytes(model.file())).isEqualTo(MODEL);
    assertThat(model.sha256()).isEqualTo(MODEL_SHA);
    assertThat(model.size()).isEqualTo(MODEL.length);
    assertThat(model.bytesTransferred()).isEqualTo(MODEL.length);
    assertThat(proxy.responseBodyBytes("GET")).isEqualTo(MODEL.length);
    assertThat(proxy.count("GET")).as("ranged GETs of 256 KiB").isEqualTo(4);
    assertThat(log.lines).anyMatch(line -> line.startsWith("Fetched 1048576 bytes"));
  }

  @Test
  void shouldFetchAnHttpsBlobUrlThroughTheConfiguredEndpoint() throws IOException {
    String https = "https://" + ACCOUNT + ".blob.core.windows.net/models/digits/weights.json";

    FetchedModel model = store().fetch(https, null, log);

    assertThat(Files.readAllBytes(model.file())).isEqualTo(MODEL);
    assertThat(proxy.responseBodyBytes("GET")).isEqualTo(MODEL.length);
  }

  @Test
  void shouldMoveNoModelBytesWhenTheBlobIsUnchanged() throws IOException {
    // given
    AzureBlobModelStore store = store();
    FetchedModel first = store.fetch(AZBLOB, MODEL_SHA, log);
    proxy.reset();

    // when
    FetchedModel again = store.fetch(AZBLOB, MODEL_SHA, log);

    // then: one HEAD, no GET, no body bytes at all on the wire
    TestModels.assertOnlyAHeadMoved(proxy, first, again);
  }

  @Test
  void shouldFetchAgainWhenTheBlobChanged() throws IOException {
    // given
    AzureBlobModelStore store = store();
    store.fetch("azblob://" + ACCOUNT + "/models/changing.bin", null, log);
    byte[] changed = TestModels.bytes(7, 300_000);
    container.getBlobClient("changing.bin").upload(BinaryData.fromBytes(changed), true);
    proxy.reset();

    // when
    FetchedModel model = store.fetch("azblob://" + ACCOUNT + "/models/changing.bin", null, log);

    // then
    assertThat(Files.readAllBytes(model.file())).isEqualTo(changed);
    assertThat(proxy.responseBodyBytes("GET")).isEqualTo(changed.length);
  }

  @Test
  void shouldReportAMissingBlobOrContainerAsModelNotFound() {
    assertOutcome(
        () -> store().fetch("azblob://" + ACCOUNT + "/models/nope.bin", null, log),
        ErrorCode.MODEL_NOT_FOUND,
        "Expected a model at azblob://devstoreaccount1/models/nope.bin, but Azure Blob Storage answered 404");
    assertOutcome(
        () -> store().fetch("azblob://" + ACCOUNT + "/no-container/w.bin", null, log),
        ErrorCode.MODEL_NOT_FOUND,
        "answered 404");
  }

  @Test
  void shouldReportADigestMismatchAsModelIntegrityAndKeepNothingIndexed() throws IOException {
    String wrong = "0".repeat(64);

    assertOutcome(
        () -> store().fetch(AZBLOB, wrong, log),
        ErrorCode.MODEL_INTEGRITY,
        "Expected model " + AZBLOB + " to have SHA-256 " + wrong + ", but it has " + MODEL_SHA);
    proxy.reset();
    FetchedModel model = store().fetch(AZBLOB, MODEL_SHA, log);
    assertThat(model.bytesTransferred()).isEqualTo(MODEL.length);
  }

  @Test
  void shouldRefuseTraversalBeforeAnyRequest() {
    for (String uri :
        List.of(
            "azblob://" + ACCOUNT + "/models/../secret/key",
            "azblob://" + ACCOUNT + "/models/%2e%2e/secret",
            "https://" + ACCOUNT + ".blob.core.windows.net/models/a/../../b")) {
      assertThatThrownBy(() -> store().fetch(uri, null, log))
          .isInstanceOf(InvalidModelUriException.class)
          .hasMessageContaining("'..'");
    }
    assertThat(proxy.exchanges()).isEmpty();
  }

  @Test
  void shouldReportARefusedAccountKeyAsAccessDeniedWithoutTheKey() {
    String wrongKey = java.util.Base64.getEncoder().encodeToString(TestModels.bytes(1, 64));

    assertThatThrownBy(
            () -> store(connectionStringViaProxy(wrongKey), null, null).fetch(AZBLOB, null, log))
        .isInstanceOf(ModelAccessDeniedException.class)
        .hasMessageContaining("answered 403")
        .hasMessageNotContaining(wrongKey);
  }

  @Test
  void shouldFetchWithASasTokenAndReportARefusedOne() throws IOException {
    // given
    String sas =
        container.generateSas(
            new BlobServiceSasSignatureValues(
                OffsetDateTime.now().plusHours(1),
                new BlobContainerSasPermission().setReadPermission(true)));
    String forged = sas.replaceAll("sig=[^&]+", "sig=Zm9yZ2VkLXNpZ25hdHVyZQ%3D%3D");

    // when
    FetchedModel model = store(null, sas, null).fetch(AZBLOB, MODEL_SHA, log);

    // then
    assertThat(model.sha256()).isEqualTo(MODEL_SHA);
    assertThatThrownBy(() -> store(null, forged, null).fetch(AZBLOB, null, log))
        .isInstanceOf(ModelAccessDeniedException.class)
        .hasMessageContaining("answered 403")
        .hasMessageNotContaining("Zm9yZ2Vk");
  }

  @Test
  void shouldTreatServerErrorsAndThrottlingAsTransient() {
    proxy.failNext(10, 503);
    assertThatThrownBy(() -> store().fetch(AZBLOB, null, log))
        .isInstanceOf(TransientStepException.class)
        .hasMessageContaining("answered 503");

    proxy.failNext(10, 500);
    assertThatThrownBy(() -> store().fetch(AZBLOB, null, log))
        .isInstanceOf(TransientStepException.class)
        .hasMessageContaining("answered 500");
  }

  @Test
  void shouldTreatAnUnreachableServerAsTransient() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    AzureBlobModelStore store =
        store(null, "sv=2024-08-04&sig=abc", "http://127.0.0.1:" + closedPort + "/{account}");

    assertThatThrownBy(() -> store.fetch(AZBLOB, null, log))
        .isInstanceOf(TransientStepException.class)
        .hasMessageContaining("Expected to reach Azure Blob Storage");
  }

  private static void assertOutcome(Runnable fetch, ErrorCode code, String message) {
    assertThatThrownBy(fetch::run)
        .isInstanceOfSatisfying(
            BusinessOutcomeException.class, e -> assertThat(e.code()).isEqualTo(code))
        .hasMessageContaining(message);
  }
}

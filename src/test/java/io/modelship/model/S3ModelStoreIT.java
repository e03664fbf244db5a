package io.modelship.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelship.servers.HttpCountingProxy;
import io.modelship.servers.S3ProxyServer;
import io.modelship.step.BusinessOutcomeException;
import io.modelship.step.ErrorCode;
import io.modelship.step.TransientStepException;
import io.modelship.steplog.SecretMasker;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

class S3ModelStoreIT {

  @RegisterExtension static final S3ProxyServer S3 = new S3ProxyServer();

  static final byte[] MODEL = TestModels.bytes(43, 1 << 20);
  static final String MODEL_SHA = TestModels.sha256(MODEL);
  static final String URI_ = "s3://models/digits/weights.json";
  static final int PART = 5 << 20;
  static final byte[] MULTIPART = TestModels.bytes(44, 2 * PART + 12345);

  static S3Client admin;

  @TempDir Path cacheDir;
  HttpCountingProxy proxy;
  final TestModels.Lines log = new TestModels.Lines();
  final List<S3ModelStore> stores = new ArrayList<>();

  @BeforeAll
  static void uploadModels() {
    admin = S3.client();
    admin.createBucket(b -> b.bucket("models"));
    admin.putObject(
        b -> b.bucket("models").key("digits/weights.json"), RequestBody.fromBytes(MODEL));
    admin.putObject(
        b -> b.bucket("models").key("changing.bin"),
        RequestBody.fromBytes(TestModels.bytes(6, 200_000)));
    String upload =
        admin.createMultipartUpload(b -> b.bucket("models").key("parts.bin")).uploadId();
    List<CompletedPart> parts = new ArrayList<>();
    for (int i = 0; i * PART < MULTIPART.length; i++) {
      int number = i + 1;
      byte[] part =
          Arrays.copyOfRange(MULTIPART, i * PART, Math.min(MULTIPART.length, (i + 1) * PART));
      String etag =
          admin
              .uploadPart(
                  b -> b.bucket("models").key("parts.bin").uploadId(upload).partNumber(number),
                  RequestBody.fromBytes(part))
              .eTag();
      parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
    }
    admin.completeMultipartUpload(
        b ->
            b.bucket("models")
                .key("parts.bin")
                .uploadId(upload)
                .multipartUpload(m -> m.parts(parts)));
  }

  @BeforeEach
  void startProxy() throws IOException {
    proxy = new HttpCountingProxy(S3.port());
  }

  @AfterEach
  void stopProxyAndStores() throws IOException {
    // Closing waits out Netty's quiet period (2 s); nothing later depends on it.
    List<S3ModelStore> closing = List.copyOf(stores);
    Thread closer = new Thread(() -> closing.forEach(S3ModelStore::close), "close-s3-stores");
    closer.setDaemon(true);
    closer.start();
    proxy.close();
  }

  private S3ModelStore store(String secret, URI endpoint) {
    S3ModelStore store =
        new S3ModelStore(
            new S3ModelStoreProperties(
                "us-east-1",
                endpoint == null ? URI.create("http://127.0.0.1:" + proxy.port()) : endpoint,
                true,
                S3ProxyServer.ACCESS_KEY_ID,
                secret,
                DataSize.ofMegabytes(5),
                4,
                2,
                Duration.ofSeconds(30)),
            new ModelCache(cacheDir),
            SecretMasker.of(List.of(S3ProxyServer.SECRET_ACCESS_KEY)));
    stores.add(store);
    return store;
  }

  private S3ModelStore store() {
    return store(S3ProxyServer.SECRET_ACCESS_KEY, null);
  }

  @Test
  void shouldFetchAnS3UriAndHashIt() throws IOException {
    // given a 1 MiB object, uploaded in one part
    FetchedModel model = store().fetch(URI_, MODEL_SHA, log);

    assertThat(Files.readAllBytes(model.file())).isEqualTo(MODEL);
    assertThat(model.sha256()).isEqualTo(MODEL_SHA);
    assertThat(model.bytesTransferred()).isEqualTo(MODEL.length);
    assertThat(proxy.responseBodyBytes("GET")).isEqualTo(MODEL.length);
  }

  @Test
  void shouldFetchTheHashOfAMultipartObjectNotItsEtag() throws IOException {
    FetchedModel model = store().fetch("s3://models/parts.bin", null, log);

    assertThat(Files.readAllBytes(model.file())).isEqualTo(MULTIPART);
    assertThat(model.sha256()).isEqualTo(TestModels.sha256(MULTIPART));
    assertThat(proxy.responseBodyBytes("GET")).isEqualTo(MULTIPART.length);
    assertThat(proxy.count("GET")).as("ranged GETs of 5 MiB").isEqualTo(3);
  }

  @Test
  void shouldMoveNoModelBytesWhenTheObjectIsUnchanged() {
    // given
    S3ModelStore store = store();
    FetchedModel first = store.fetch(URI_, MODEL_SHA, log);
    proxy.reset();

    // when
    FetchedModel again = store.fetch(URI_, MODEL_SHA, log);

    // then: one HEAD, no GET, no body bytes at all on the wire
    TestModels.assertOnlyAHeadMoved(proxy, first, again);
  }

  @Test
  void shouldFetchAgainWhenTheObjectChanged() throws IOException {
    S3ModelStore store = store();
    store.fetch("s3://models/changing.bin", null, log);
    byte[] changed = TestModels.bytes(8, 300_000);
    admin.putObject(b -> b.bucket("models").key("changing.bin"), RequestBody.fromBytes(changed));
    proxy.reset();

    FetchedModel model = store.fetch("s3://models/changing.bin", null, log);

    assertThat(Files.readAllBytes(model.file())).isEqualTo(changed);
    assertThat(proxy.responseBodyBytes("GET")).isEqualTo(changed.length);
  }

  @Test
  void shouldReportAMissingKeyOrBucketAsModelNotFound() {
    assertOutcome(
        () -> store().fetch("s3://models/nope.bin", null, log),
        ErrorCode.MODEL_NOT_FOUND,
        "Expected a model at s3://models/nope.bin, but S3 answered 404");
    assertOutcome(
        () -> store().fetch("s3://no-such-bucket/w.bin", null, log),
        ErrorCode.MODEL_NOT_FOUND,
        "answered 404");
  }

  @Test
  void shouldReportADigestMismatchAsModelIntegrity() {
    assertOutcome(
        () -> store().fetch(URI_, "f".repeat(64), log),
        ErrorCode.MODEL_INTEGRITY,
        "to have SHA-256 " + "f".repeat(64) + ", but it has " + MODEL_SHA);
  }

  @Test
  void shouldRefuseTraversalBeforeAnyRequest() {
    for (String uri :
        List.of(
            "s3://models/../other/key",
            "s3://models/a/%2E%2E/%2e%2e/b",
            "s3://models//etc/passwd")) {
      assertThatThrownBy(() -> store().fetch(uri, null, log))
          .isInstanceOf(InvalidModelUriException.class)
          .hasMessageContaining("is refused");
    }
    assertThat(proxy.exchanges()).isEmpty();
  }

  @Test
  void shouldReportARefusedSignatureAsAccessDeniedWithoutTheSecret() {
    String wrong = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYWRONGKEY99";

    assertThatThrownBy(() -> store(wrong, null).fetch(URI_, null, log))
        .isInstanceOf(ModelAccessDeniedException.class)
        .hasMessageContaining("S3 answered 403")
        .hasMessageNotContaining(wrong);
  }

  @Test
  void shouldTreatServerErrorsAndThrottlingAsTransient() {
    proxy.failNext(10, 503);
    assertThatThrownBy(() -> store().fetch(URI_, null, log))
        .isInstanceOf(TransientStepException.class)
        .hasMessageContaining("answered 503");

    proxy.failNext(10, 500);
    assertThatThrownBy(() -> store().fetch(URI_, null, log))
        .isInstanceOf(TransientStepException.class)
        .hasMessageContaining("answered 500");
  }

  @Test
  void shouldTreatAnUnreachableServerAsTransient() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    S3ModelStore store =
        store(S3ProxyServer.SECRET_ACCESS_KEY, URI.create("http://127.0.0.1:" + closedPort));

    assertThatThrownBy(() -> store.fetch(URI_, null, log))
        .isInstanceOf(TransientStepException.class)
        .hasMessageContaining("Expected to reach S3");
  }

  private static void assertOutcome(Runnable fetch, ErrorCode code, String message) {
    assertThatThrownBy(fetch::run)
        .isInstanceOfSatisfying(
            BusinessOutcomeException.class, e -> assertThat(e.code()).isEqualTo(code))
        .hasMessageContaining(message);
  }
}

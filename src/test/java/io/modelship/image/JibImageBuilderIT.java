package io.modelship.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelship.build.AppPipelineConfig;
import io.modelship.servers.RegistryServer;
import io.modelship.step.BusinessOutcomeException;
import io.modelship.step.ErrorCode;
import io.modelship.step.TransientStepException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class JibImageBuilderIT {

  @RegisterExtension static RegistryServer registry = RegistryServer.basicAuth();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static String base;

  @TempDir Path dir;
  private final List<String> log = new ArrayList<>();

  @BeforeAll
  static void pushBase(@TempDir Path baseDir) throws Exception {
    base = TestImages.pushBusyboxBase(registry, baseDir);
  }

  @Test
  void shouldPushModelAndCodeInLayersOfTheirOwnWithLabelsAndRuntimeSettings() throws Exception {
    // given
    Path workspace = TestImages.app(dir.resolve("ws"), "1");
    Path model = TestImages.model(dir.resolve("run/model.bin"), 300_000, 1);
    ImageBuildRequest request = TestImages.request("r1", workspace, TestImages.config(base), model);

    // when
    BuiltImage built = builder(dir.resolve("cache")).build(request, log::add);

    // then
    assertThat(built.repository()).isEqualTo(registry.host() + "/model-api");
    assertThat(built.tag()).isEqualTo("run-r1");
    assertThat(built.tarball()).isNull();
    OciRegistryClient client = client();
    assertThat(client.manifestDigest("model-api", "run-r1")).contains(built.digest());
    JsonNode manifest = manifest(client, built.digest());
    JsonNode layers = manifest.path("layers");
    assertThat(layers).hasSize(3); // busybox, model, app
    assertThat(layers.get(1).path("size").asLong()).isGreaterThan(300_000);
    assertThat(layers.get(2).path("size").asLong()).isLessThan(10_000);
    JsonNode config =
        JSON.readTree(client.blob("model-api", manifest.path("config").path("digest").asText()));
    JsonNode labels = config.path("config").path("Labels");
    assertThat(labels.path("org.opencontainers.image.revision").asText())
        .isEqualTo(request.gitSha());
    assertThat(labels.path("org.opencontainers.image.source").asText())
        .isEqualTo("https://github.com/example/model-api");
    assertThat(labels.path("org.opencontainers.image.created").asText())
        .isEqualTo("2026-11-20T10:15:30Z");
    assertThat(labels.path("io.modelship.model.sha256").asText()).isEqualTo(request.modelSha256());
    assertThat(labels.path("io.modelship.model.uri").asText())
        .as("no signature from the model URI's query")
        .isEqualTo("s3://models/digits/weights.json");
    assertThat(config.path("created").asText()).isEqualTo("2026-11-20T10:15:30Z");
    assertThat(config.path("config").path("Env").toString())
        .contains("MODEL_PATH=/app/model/weights.json", "GREETING=hello");
    assertThat(config.path("config").path("Entrypoint").toString()).contains("httpd");
    assertThat(config.path("config").path("ExposedPorts").has("8080/tcp")).isTrue();
    assertThat(config.path("config").path("WorkingDir").asText()).isEqualTo("/app");
    assertThat(String.join("\n", log)).doesNotContain(registry.password());
  }

  @Test
  void shouldGiveTheSameDigestFromTwoEmptyCaches() throws Exception {
    // given
    Path workspace = TestImages.app(dir.resolve("ws"), "1");
    Path model = TestImages.model(dir.resolve("run/model.bin"), 200_000, 2);
    AppPipelineConfig config = TestImages.config(base);

    // when
    BuiltImage first =
        builder(dir.resolve("cache-a"))
            .build(TestImages.request("ra", workspace, config, model), log::add);
    BuiltImage second =
        builder(dir.resolve("cache-b"))
            .build(TestImages.request("rb", workspace, config, model), log::add);

    // then
    assertThat(second.digest()).isEqualTo(first.digest());
  }

  @Test
  void shouldUploadNoBlobTheSecondTimeAndNoModelBlobForACodeOnlyChange() throws Exception {
    // given
    Path workspace = TestImages.app(dir.resolve("ws"), "1");
    Path model = TestImages.model(dir.resolve("run1/model.bin"), 1_000_000, 3);
    AppPipelineConfig config = TestImages.config(base);
    JibImageBuilder builder = builder(dir.resolve("cache"));
    BuiltImage cold = builder.build(TestImages.request("c1", workspace, config, model), log::add);
    String modelLayer =
        manifest(client(), cold.digest()).path("layers").get(1).path("digest").asText();

    // when: the same build again (a re-delivered job)
    registry.resetCounters();
    BuiltImage again = builder.build(TestImages.request("c1", workspace, config, model), log::add);
    List<String> uploadedAgain = registry.uploadedBlobDigests();
    long bytesAgain = registry.bytesUploaded();

    // and when: a code-only change, with the model fetched afresh into a new run folder
    Files.writeString(workspace.resolve("www/version.json"), "{\"version\":\"2\"}\n");
    Path refetched = TestImages.model(dir.resolve("run2/model.bin"), 1_000_000, 3);
    registry.resetCounters();
    BuiltImage codeOnly =
        builder.build(TestImages.request("c2", workspace, config, refetched), log::add);
    List<String> uploadedCodeOnly = registry.uploadedBlobDigests();
    long bytesCodeOnly = registry.bytesUploaded();

    // then
    assertThat(again.digest()).isEqualTo(cold.digest());
    assertThat(uploadedAgain).isEmpty();
    assertThat(bytesAgain).isLessThan(100_000);
    assertThat(codeOnly.digest()).isNotEqualTo(cold.digest());
    JsonNode codeOnlyLayers = manifest(client(), codeOnly.digest()).path("layers");
    assertThat(codeOnlyLayers.get(1).path("digest").asText()).isEqualTo(modelLayer);
    assertThat(uploadedCodeOnly).doesNotContain(modelLayer).hasSize(2); // app layer and config
    assertThat(bytesCodeOnly).isLessThan(100_000);
  }

  @Test
  void shouldWriteAnOciTarballWithoutARegistry() throws Exception {
    // given
    Path workspace = TestImages.app(dir.resolve("ws"), "1");
    Path model = TestImages.model(dir.resolve("run/model.bin"), 10_000, 4);
    Path baseTar = TestImages.busyboxBaseTarball(Files.createDirectories(dir.resolve("base")));
    JibImageBuilder builder =
        new JibImageBuilder(
            TestImages.noRegistry(),
            new JibImageBuilderProperties(dir.resolve("cache"), dir.resolve("images")),
            name -> null);

    // when
    BuiltImage built =
        builder.build(
            TestImages.request("t1", workspace, TestImages.config("tar://" + baseTar), model),
            log::add);

    // then
    assertThat(built.tarball()).isEqualTo(dir.resolve("images/t1/image.tar")).isRegularFile();
    assertThat(built.repository()).isEqualTo("model-api");
    assertThat(OciArchive.manifestDigest(built.tarball())).isEqualTo(built.digest());
    assertThat(dir.resolve("images/t1/image.tar.partial")).doesNotExist();
  }

  @Test
  void shouldFailTheBuildForAMissingAppFileOrAnUnknownBase() throws Exception {
    // given
    Path workspace = TestImages.app(dir.resolve("ws"), "1");
    Path model = TestImages.model(dir.resolve("run/model.bin"), 1_000, 5);
    AppPipelineConfig config = TestImages.config(base);
    AppPipelineConfig missingFile =
        new AppPipelineConfig(
            config.app(),
            config.releaseBranch(),
            config.model(),
            config.test(),
            new AppPipelineConfig.Image(
                base, "/app", List.of("www", "wsgi.py"), List.of(), 8080, java.util.Map.of(), null),
            config.deploy(),
            config.smoke());
    JibImageBuilder builder = builder(dir.resolve("cache"));

    // when / then
    assertThatThrownBy(
            () -> builder.build(TestImages.request("f1", workspace, missingFile, model), log::add))
        .isInstanceOfSatisfying(
            BusinessOutcomeException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.IMAGE_BUILD_FAILED))
        .hasMessageContaining("wsgi.py");
    assertThatThrownBy(
            () ->
                builder.build(
                    TestImages.request(
                        "f2",
                        workspace,
                        TestImages.config(registry.host() + "/base/nothing:1"),
                        model),
                    log::add))
        .isInstanceOfSatisfying(
            BusinessOutcomeException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.IMAGE_BUILD_FAILED))
        .hasMessageContaining("base/nothing:1");
  }

  @Test
  void shouldRefuseAWrongPasswordWithoutRetryingOrLeakingIt() throws Exception {
    // given
    Path workspace = TestImages.app(dir.resolve("ws"), "1");
    Path model = TestImages.model(dir.resolve("run/model.bin"), 1_000, 6);
    JibImageBuilder builder =
        new JibImageBuilder(
            TestImages.registry(registry),
            new JibImageBuilderProperties(dir.resolve("cache"), dir.resolve("images")),
            name -> "not-the-password");

    // when / then
    assertThatThrownBy(
            () ->
                builder.build(
                    TestImages.request("w1", workspace, TestImages.config(base), model), log::add))
        .isInstanceOf(RegistryAuthenticationException.class)
        .hasMessageNotContaining("not-the-password");
  }

  @Test
  void shouldCallAnUnreachableRegistryTransient() throws Exception {
    // given
    Path workspace = TestImages.app(dir.resolve("ws"), "1");
    Path model = TestImages.model(dir.resolve("run/model.bin"), 1_000, 7);
    int closedPort = closedPort();
    JibImageBuilder builder =
        new JibImageBuilder(
            new RegistryProperties(
                "127.0.0.1:" + closedPort, "", "u", null, TestImages.ENV_PASSWORD, true),
            new JibImageBuilderProperties(dir.resolve("cache"), dir.resolve("images")),
            name -> "pw");

    // when / then
    assertThatThrownBy(
            () ->
                builder.build(
                    TestImages.request(
                        "u1",
                        workspace,
                        TestImages.config("127.0.0.1:" + closedPort + "/base/busybox:1"),
                        model),
                    log::add))
        .isInstanceOf(TransientStepException.class);
  }

  private static int closedPort() throws java.io.IOException {
    try (java.net.ServerSocket socket =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private JibImageBuilder builder(Path cache) {
    return new JibImageBuilder(
        TestImages.registry(registry),
        new JibImageBuilderProperties(cache, dir.resolve("images")),
        TestImages.environment(registry));
  }

  private static OciRegistryClient client() {
    return new OciRegistryClient(
        TestImages.registry(registry),
        Optional.of(RegistryCredentials.of(RegistryServer.USERNAME, registry.password())));
  }

  private static JsonNode manifest(OciRegistryClient client, String digest) throws Exception {
    return JSON.readTree(client.manifest("model-api", digest).orElseThrow().bytes());
  }
}

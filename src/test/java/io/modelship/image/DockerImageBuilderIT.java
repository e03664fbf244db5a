package io.modelship.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelship.build.AppPipelineConfig;
import io.modelship.servers.DockerEngine;
import io.modelship.servers.RegistryServer;
import io.modelship.step.BusinessOutcomeException;
import io.modelship.step.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class DockerImageBuilderIT {

  @RegisterExtension static DockerEngine docker = new DockerEngine();
  @RegisterExtension static RegistryServer registry = RegistryServer.basicAuth();

  static final String DOCKERFILE =
      """
      ARG BASE
      FROM ${BASE}
      ARG MODEL_FILE
      ARG MODEL_PATH
      COPY ${MODEL_FILE} ${MODEL_PATH}
      ENV MODEL_PATH=${MODEL_PATH}
      WORKDIR /app
      COPY www /app/www
      ENTRYPOINT ["/bin/sh", "-c", "exec httpd -f -p 127.0.0.1:${PORT:-8080} -h /app/www"]
      """;

  @TempDir Path dir;
  private final List<String> log = new ArrayList<>();

  @BeforeAll
  static void importBase() {
    docker.importBusyboxImage("local/busybox:1");
  }

  @Test
  void shouldBuildTheDockerfileWithLabelsPushItAndTagItIdempotently() throws Exception {
    // given
    Path workspace = workspace("1");
    Path model = TestImages.model(dir.resolve("run1/model.bin"), 400_000, 11);
    AppPipelineConfig config = TestImages.config("local/busybox:1");
    ImageBuildRequest request = TestImages.request("d1", workspace, config, model);

    // when
    BuiltImage built = builder(TestImages.registry(registry)).build(request, log::add);
    registry.resetCounters();
    DockerRegistryPublisher publisher =
        new DockerRegistryPublisher(
            engine(), TestImages.registry(registry), TestImages.environment(registry));
    PublishedImage published = publisher.publish(built, List.of("build-5"), log::add);
    List<String> blobsOnPublish = registry.uploadedBlobDigests();
    registry.resetCounters();
    PublishedImage again = publisher.publish(built, List.of("build-5"), log::add);

    // then
    assertThat(built.digest()).startsWith("sha256:");
    assertThat(published.digest()).isEqualTo(built.digest());
    assertThat(published.tags()).containsExactly("run-d1", "build-5");
    assertThat(blobsOnPublish).isEmpty();
    assertThat(again).isEqualTo(published);
    assertThat(registry.manifestPuts()).isEmpty();
    Map<String, String> labels =
        docker
            .client()
            .inspectImageCmd(built.repository() + ":run-d1")
            .exec()
            .getConfig()
            .getLabels();
    assertThat(labels)
        .containsEntry(ImageSpec.LABEL_REVISION, request.gitSha())
        .containsEntry(ImageSpec.LABEL_CREATED, "2026-11-20T10:15:30Z")
        .containsEntry(ImageSpec.LABEL_MODEL_SHA256, request.modelSha256())
        .containsEntry(ImageSpec.LABEL_MODEL_URI, "s3://models/digits/weights.json");
    assertThat(client().manifestDigest("model-api", "build-5")).contains(built.digest());
    assertThat(String.join("\n", log)).doesNotContain(registry.password());
  }

  @Test
  void shouldUploadNoModelBlobForACodeOnlyChange() throws Exception {
    // given
    Path workspace = workspace("1");
    AppPipelineConfig config = TestImages.config("local/busybox:1");
    DockerImageBuilder builder = builder(TestImages.registry(registry));
    BuiltImage first =
        builder.build(
            TestImages.request(
                "m1", workspace, config, TestImages.model(dir.resolve("r1/m.bin"), 500_000, 12)),
            log::add);
    String modelLayer = layer(first.digest(), 1);

    // when
    Files.writeString(workspace.resolve("www/version.json"), "{\"version\":\"2\"}\n");
    registry.resetCounters();
    BuiltImage second =
        builder.build(
            TestImages.request(
                "m2", workspace, config, TestImages.model(dir.resolve("r2/m.bin"), 500_000, 12)),
            log::add);

    // then
    assertThat(second.digest()).isNotEqualTo(first.digest());
    assertThat(layer(second.digest(), 1)).isEqualTo(modelLayer);
    assertThat(registry.uploadedBlobDigests()).doesNotContain(modelLayer).isNotEmpty();
    assertThat(registry.bytesUploaded()).isLessThan(100_000);
  }

  @Test
  void shouldSaveATarballWithoutARegistryAndFailOnABrokenDockerfile() throws Exception {
    // given
    Path workspace = workspace("1");
    Path model = TestImages.model(dir.resolve("run/model.bin"), 1_000, 13);
    AppPipelineConfig config = TestImages.config("local/busybox:1");
    DockerImageBuilder builder = builder(TestImages.noRegistry());

    // when
    BuiltImage built = builder.build(TestImages.request("s1", workspace, config, model), log::add);

    // then
    assertThat(built.tarball()).isEqualTo(dir.resolve("images/s1/image.tar")).isRegularFile();
    assertThat(built.repository()).isEqualTo("model-api");

    // and when that tarball is deployed on an engine that does not hold the image (it is loaded)
    PublishedImage skipped =
        new DockerRegistryPublisher(engine(), TestImages.noRegistry(), name -> null)
            .publish(built, List.of("build-1"), log::add);
    docker.client().removeImageCmd(built.digest()).withForce(true).exec();
    io.modelship.deploy.Deployment deployment =
        new io.modelship.deploy.LocalDockerDeployer(
                engine(),
                TestImages.noRegistry(),
                new io.modelship.deploy.LocalDockerDeployerProperties(
                    "/", java.time.Duration.ofSeconds(20), "127.0.0.1"),
                name -> null)
            .deploy(
                new io.modelship.deploy.DeployRequest(
                    "staging", skipped.pinned(), config, workspace),
                log::add);
    assertThat(skipped.pinned()).startsWith("oci-archive:");
    assertThat(
            java.net.http.HttpClient.newHttpClient()
                .send(
                    java.net.http.HttpRequest.newBuilder(deployment.endpoint()).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString())
                .body())
        .contains("Healthy");

    // and when the Dockerfile copies a file that is not there
    Files.writeString(workspace.resolve("Dockerfile"), DOCKERFILE + "COPY missing.py /app/\n");
    assertThatThrownBy(
            () -> builder.build(TestImages.request("s2", workspace, config, model), log::add))
        .isInstanceOfSatisfying(
            BusinessOutcomeException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.IMAGE_BUILD_FAILED))
        .hasMessageContaining("missing.py");
  }

  private Path workspace(String version) throws Exception {
    Path workspace = TestImages.app(dir.resolve("ws"), version);
    Files.writeString(workspace.resolve("Dockerfile"), DOCKERFILE);
    return workspace;
  }

  private DockerImageBuilder builder(RegistryProperties registryProperties) {
    return new DockerImageBuilder(
        engine(),
        registryProperties,
        new DockerImageBuilderProperties(dir.resolve("images")),
        TestImages.environment(registry));
  }

  private static DockerEngineProperties engine() {
    return new DockerEngineProperties(docker.dockerHost());
  }

  private static OciRegistryClient client() {
    return new OciRegistryClient(
        TestImages.registry(registry),
        Optional.of(RegistryCredentials.of(RegistryServer.USERNAME, registry.password())));
  }

  private static String layer(String digest, int index) throws Exception {
    byte[] manifest = client().manifest("model-api", digest).orElseThrow().bytes();
    return new ObjectMapper().readTree(manifest).path("layers").get(index).path("digest").asText();
  }
}

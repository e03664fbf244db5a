package io.modelship.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelship.servers.RegistryServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OciRegistryPublisherIT {

  @TempDir Path dir;
  private final List<String> log = new ArrayList<>();

  @Test
  void shouldAddTagsWithManifestPutsOnlyAndDoNothingTheSecondTime() throws Exception {
    try (RegistryServer registry = RegistryServer.basicAuth()) {
      // given
      registry.start();
      BuiltImage built = build(registry, "p1");
      OciRegistryPublisher publisher =
          new OciRegistryPublisher(TestImages.registry(registry), TestImages.environment(registry));
      List<String> tags = List.of("build-17", "0123456789abcdef0123456789abcdef01234567");

      // when
      registry.resetCounters();
      PublishedImage first = publisher.publish(built, tags, log::add);
      List<String> putsFirst = registry.manifestPuts();
      List<String> blobsFirst = registry.uploadedBlobDigests();
      registry.resetCounters();
      PublishedImage second = publisher.publish(built, tags, log::add);

      // then
      assertThat(first.digest()).isEqualTo(built.digest());
      assertThat(first.skipped()).isFalse();
      assertThat(first.tags()).containsExactly("run-p1", "build-17", tags.get(1));
      assertThat(putsFirst)
          .containsExactlyInAnyOrder("model-api:build-17", "model-api:" + tags.get(1));
      assertThat(blobsFirst).isEmpty();
      assertThat(second).isEqualTo(first);
      assertThat(registry.manifestPuts()).isEmpty();
      assertThat(registry.uploadedBlobDigests()).isEmpty();
      OciRegistryClient client = client(registry, registry.password());
      for (String tag : tags) {
        assertThat(client.manifestDigest("model-api", tag)).contains(built.digest());
      }
    }
  }

  @Test
  void shouldBuildAndPublishThroughTheBearerTokenFlow() throws Exception {
    try (RegistryServer registry = RegistryServer.tokenAuth()) {
      // given
      registry.start();

      // when
      BuiltImage built = build(registry, "t1");
      PublishedImage published =
          new OciRegistryPublisher(TestImages.registry(registry), TestImages.environment(registry))
              .publish(built, List.of("build-1"), log::add);

      // then
      assertThat(published.digest()).isEqualTo(built.digest());
      assertThat(client(registry, registry.password()).manifestDigest("model-api", "build-1"))
          .contains(built.digest());
      assertThat(registry.tokenIssuer().tokensIssued()).isPositive();
      assertThat(String.join("\n", log)).doesNotContain(registry.password());
    }
  }

  @Test
  void shouldRefuseAWrongPasswordAtTheTokenService() throws Exception {
    try (RegistryServer registry = RegistryServer.tokenAuth()) {
      // given
      registry.start();
      BuiltImage built = build(registry, "w1");
      OciRegistryPublisher publisher =
          new OciRegistryPublisher(TestImages.registry(registry), name -> "wrong-password");

      // when / then
      assertThatThrownBy(() -> publisher.publish(built, List.of("build-2"), log::add))
          .isInstanceOf(RegistryAuthenticationException.class)
          .hasMessageNotContaining("wrong-password");
      assertThat(registry.tokenIssuer().requestsRefused()).isPositive();
    }
  }

  @Test
  void shouldSkipPublishingWithoutARegistry() {
    // given
    BuiltImage tarballImage =
        new BuiltImage("model-api", "run-x", "sha256:" + "a".repeat(64), dir.resolve("image.tar"));

    // when
    PublishedImage published =
        new OciRegistryPublisher(TestImages.noRegistry(), name -> null)
            .publish(tarballImage, List.of("build-3"), log::add);

    // then
    assertThat(published.skipped()).isTrue();
    assertThat(published.tags()).isEmpty();
    assertThat(published.digest()).isEqualTo(tarballImage.digest());
    assertThat(published.pinned())
        .isEqualTo("oci-archive:" + dir.resolve("image.tar") + "@" + tarballImage.digest());
  }

  private BuiltImage build(RegistryServer registry, String runId) throws Exception {
    String base = TestImages.pushBusyboxBase(registry, dir);
    Path workspace = TestImages.app(dir.resolve("ws-" + runId), "1");
    Path model = TestImages.model(dir.resolve("run-" + runId + "/model.bin"), 50_000, 1);
    return new JibImageBuilder(
            TestImages.registry(registry),
            new JibImageBuilderProperties(dir.resolve("cache"), dir.resolve("images")),
            TestImages.environment(registry))
        .build(TestImages.request(runId, workspace, TestImages.config(base), model), log::add);
  }

  private static OciRegistryClient client(RegistryServer registry, String password) {
    return new OciRegistryClient(
        TestImages.registry(registry),
        Optional.of(RegistryCredentials.of(RegistryServer.USERNAME, password)));
  }
}

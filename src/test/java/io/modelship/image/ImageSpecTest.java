package io.modelship.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelship.build.AppPipelineConfig;
import io.modelship.release.ModelMetrics;
import io.modelship.step.BusinessOutcomeException;
import io.modelship.step.ErrorCode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageSpecTest {

  @Test
  void shouldKeepSecretsOutOfLabels() {
    assertThat(ImageSpec.withoutSecrets("https://acct.blob.core.windows.net/m/w.json?sv=1&sig=abc"))
        .isEqualTo("https://acct.blob.core.windows.net/m/w.json");
    assertThat(ImageSpec.withoutSecrets("https://user:token@github.com/acme/app.git"))
        .isEqualTo("https://github.com/acme/app.git");
    assertThat(ImageSpec.withoutSecrets("azblob://my_account/models/w.json"))
        .isEqualTo("azblob://my_account/models/w.json");
    assertThat(ImageSpec.withoutSecrets("file:model/weights.json"))
        .isEqualTo("file:model/weights.json");
  }

  @Test
  void shouldNameTheImageAndSetModelPathLabelsAndEnvironment() throws Exception {
    // given
    ImageBuildRequest request =
        TestImages.request("r7", Path.of("."), TestImages.config("base:1"), modelFile());
    RegistryProperties registry =
        new RegistryProperties("acr.example.io", "apps", "u", null, "PW", false);

    // when
    ImageSpec spec = ImageSpec.of(request, registry);

    // then
    assertThat(spec.repository()).isEqualTo("acr.example.io/apps/model-api");
    assertThat(spec.tag()).isEqualTo("run-r7");
    assertThat(spec.environment())
        .containsEntry("MODEL_PATH", TestImages.MODEL_PATH)
        .containsEntry("GREETING", "hello");
    assertThat(spec.labels())
        .containsEntry(ImageSpec.LABEL_REVISION, request.gitSha())
        .containsEntry(ImageSpec.LABEL_CREATED, "2026-11-20T10:15:30Z")
        .containsEntry(ImageSpec.LABEL_MODEL_URI, "s3://models/digits/weights.json");
  }

  @Test
  void shouldLabelTheImageWithTheModelsMetrics() throws Exception {
    // given
    ImageBuildRequest plain =
        TestImages.request("r9", Path.of("."), TestImages.config("base:1"), modelFile());
    ImageBuildRequest request =
        new ImageBuildRequest(
            plain.runId(),
            plain.workspace(),
            plain.config(),
            plain.modelFile(),
            plain.modelUri(),
            plain.modelSha256(),
            plain.gitSha(),
            plain.commitTime(),
            plain.sourceUrl(),
            new ModelMetrics(Map.of("accuracy", 0.97, "f1", 0.95)));

    // when
    ImageSpec spec = ImageSpec.of(request, TestImages.noRegistry());

    // then
    assertThat(spec.labels())
        .containsEntry("io.modelship.model.metric.accuracy", "0.97")
        .containsEntry("io.modelship.model.metric.f1", "0.95")
        .containsEntry(ImageSpec.LABEL_MODEL_SHA256, plain.modelSha256());
  }

  @Test
  void shouldRefuseARelativeModelPathAsABuildFailure() throws Exception {
    // given
    AppPipelineConfig config = TestImages.config("base:1");
    AppPipelineConfig relative =
        new AppPipelineConfig(
            config.app(),
            config.releaseBranch(),
            new AppPipelineConfig.Model("s3://m/w", null, "model/w.json"),
            null,
            config.image(),
            null,
            List.of());

    // when / then
    assertThatThrownBy(
            () ->
                ImageSpec.of(
                    TestImages.request("r8", Path.of("."), relative, modelFile()),
                    TestImages.noRegistry()))
        .isInstanceOfSatisfying(
            BusinessOutcomeException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.IMAGE_BUILD_FAILED))
        .hasMessageContaining("model.path");
  }

  private static Path modelFile() throws Exception {
    Path file = java.nio.file.Files.createTempFile("model", ".bin");
    file.toFile().deleteOnExit();
    return TestImages.model(file, 100, 1);
  }
}

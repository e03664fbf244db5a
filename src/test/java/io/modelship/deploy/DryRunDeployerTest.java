package io.modelship.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelship.build.AppPipelineConfig;
import io.modelship.image.TestImages;
import io.modelship.step.BusinessOutcomeException;
import io.modelship.step.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DryRunDeployerTest {

  private static final String IMAGE =
      "oci-archive:/data/images/run-1/image.tar@sha256:" + "ab".repeat(32);

  @TempDir Path dir;
  private final List<String> log = new ArrayList<>();

  @Test
  void shouldRenderTheSampleManifestsWithThePinnedImageAndDeployNothing() throws Exception {
    // given: the sample app's own manifests
    Path source = Files.createDirectories(dir.resolve("source/k8s"));
    try (Stream<Path> files = Files.list(Path.of("samples/model-api/k8s"))) {
      for (Path file : files.toList()) {
        Files.copy(file, source.resolve(file.getFileName()));
      }
    }
    DryRunDeployer deployer = new DryRunDeployer(new DryRunDeployerProperties(dir.resolve("out")));

    // when / then: a business outcome that says nothing was deployed
    assertThatThrownBy(() -> deployer.deploy(request(source.getParent()), log::add))
        .isInstanceOfSatisfying(
            BusinessOutcomeException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.ROLLOUT_FAILED))
        .hasMessageStartingWith(DryRunDeployer.NOT_DEPLOYED)
        .hasMessageContaining("model-api-abababababab.yaml");

    // and the rendered manifests pin the image, in the environment's namespace
    String rendered = Files.readString(dir.resolve("out/staging/model-api-abababababab.yaml"));
    assertThat(rendered)
        .contains("kind: \"Deployment\"")
        .contains("kind: \"Service\"")
        .contains("image: \"" + IMAGE + "\"")
        .contains("namespace: \"staging\"")
        .doesNotContain("image: \"model-api:");
    assertThat(String.join("\n", log)).contains("rendered 2 objects");
  }

  @Test
  void shouldSayNothingWasDeployedWhenTheManifestsAreMissing() {
    // given
    DryRunDeployer deployer = new DryRunDeployer(new DryRunDeployerProperties(dir.resolve("out")));

    // when / then
    assertThatThrownBy(() -> deployer.deploy(request(dir), log::add))
        .isInstanceOf(BusinessOutcomeException.class)
        .hasMessageStartingWith(DryRunDeployer.NOT_DEPLOYED)
        .hasMessageContaining("deploy.manifests='k8s/'");
  }

  @Test
  void shouldPutNothingBackOnARollback() {
    // given
    DryRunDeployer deployer = new DryRunDeployer(new DryRunDeployerProperties(dir.resolve("out")));

    // when
    Deployment deployment = deployer.rollback(request(dir), log::add);

    // then
    assertThat(deployment.target()).isEqualTo("dry-run");
    assertThat(String.join("\n", log)).contains("nothing is put back");
  }

  @Test
  void shouldRemoveNothingAndClaimNothingOnARemoval() throws Exception {
    // given
    Path out = dir.resolve("out");
    DryRunDeployer deployer = new DryRunDeployer(new DryRunDeployerProperties(out));

    // when
    deployer.remove(request(dir), log::add);

    // then: one line that says nothing was there, and nothing written
    assertThat(log)
        .containsExactly(
            "Dry run: nothing was deployed, so nothing is removed; model-api was never in staging");
    assertThat(out).doesNotExist();
  }

  private static DeployRequest request(Path source) {
    AppPipelineConfig config = TestImages.config("scratch");
    return new DeployRequest("staging", IMAGE, config, source);
  }
}

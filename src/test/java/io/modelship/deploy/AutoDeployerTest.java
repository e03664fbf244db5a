package io.modelship.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelship.image.DockerEngineProperties;
import io.modelship.image.TestImages;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@code auto} chooses, here where no Docker engine answers at the configured socket. */
class AutoDeployerTest {

  private static final String TARBALL =
      "oci-archive:/data/images/run-1/image.tar@sha256:" + "ab".repeat(32);

  @TempDir Path dir;

  @Test
  void shouldRunALocalProcessWhenNoDockerEngineAnswersAndTheEntrypointIsOnThePath() {
    // given: the test app's entrypoint is /bin/sh
    AutoDeployer auto = auto("/usr/bin:/bin", DeployTarget.values());

    // when
    AutoDeployer.Choice choice = auto.choose(request(TARBALL));

    // then
    assertThat(choice.target()).isEqualTo("local-process");
    assertThat(choice.reason())
        .startsWith("no Docker engine answers at unix://" + dir.resolve("none.sock"))
        .endsWith("the app runs as a local process on this machine");
  }

  @Test
  void shouldFallBackToADryRunNamingEveryTargetPassedOver() {
    // given: the entrypoint is not on the path, and the image is in a registry
    AutoDeployer auto = auto("/usr/bin:/bin", DeployTarget.values());

    // when
    AutoDeployer.Choice choice =
        auto.choose(request("registry.example/model-api@sha256:" + "cd".repeat(32)));

    // then
    assertThat(choice.target()).isEqualTo("dry-run");
    assertThat(choice.reason())
        .contains("no Docker engine answers")
        .contains("no local process: the local-process target runs image tarballs")
        .endsWith("a dry run deploys nothing");
  }

  @Test
  void shouldFollowTheConfiguredOrder() {
    // given
    AutoDeployer auto = auto("/usr/bin:/bin", DeployTarget.DRY_RUN, DeployTarget.LOCAL_PROCESS);

    // when / then
    assertThat(auto.choose(request(TARBALL)).target()).isEqualTo("dry-run");
  }

  @Test
  void shouldRefuseAnOrderWithoutALocalTarget() {
    assertThatThrownBy(() -> new DeployTargetProperties.Auto(List.of(DeployTarget.KUBERNETES)))
        .hasMessageContaining("Expected modelship.deploy.auto.order to list local-docker");
  }

  private AutoDeployer auto(String path, DeployTarget... order) {
    List<DeployTarget> targets =
        List.of(order).stream()
            .filter(t -> t != DeployTarget.AUTO && t != DeployTarget.KUBERNETES)
            .toList();
    DockerEngineProperties docker =
        new DockerEngineProperties("unix://" + dir.resolve("none.sock"));
    return new AutoDeployer(
        targets,
        docker,
        new LocalDockerDeployer(
            docker,
            TestImages.noRegistry(),
            new LocalDockerDeployerProperties("/", Duration.ofSeconds(1), "127.0.0.1"),
            name -> null),
        new LocalProcessDeployer(
            new LocalProcessDeployerProperties(
                dir, path, Map.of(), "127.0.0.1", "/", Duration.ofSeconds(1))),
        new DryRunDeployer(new DryRunDeployerProperties(dir)));
  }

  private DeployRequest request(String image) {
    return new DeployRequest("staging", image, TestImages.config("scratch"), dir);
  }
}

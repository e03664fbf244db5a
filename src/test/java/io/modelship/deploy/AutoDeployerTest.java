package io.modelship.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelship.image.DockerEngineProperties;
import io.modelship.image.TestImages;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
  void shouldRemoveWithTheTargetItWouldChooseWhenItDeployedNothingSinceItStarted() {
    // given: a registry image, which only a dry run can take here, and an image tarball, which
    // a local process can
    AutoDeployer auto = auto("/usr/bin:/bin", DeployTarget.values());
    List<String> registry = new ArrayList<>();
    List<String> tarball = new ArrayList<>();

    // when
    auto.remove(request("registry.example/model-api@sha256:" + "cd".repeat(32)), registry::add);
    auto.remove(request(TARBALL), tarball::add);

    // then: each removal went to the target chosen for its image
    assertThat(registry.get(0)).startsWith("Deploy target: dry-run");
    assertThat(registry.get(1)).startsWith("Dry run: nothing was deployed, so nothing is removed");
    assertThat(tarball.get(0)).startsWith("Deploy target: local-process");
    assertThat(tarball.get(1)).isEqualTo("No process of model-api runs in staging");
  }

  @Test
  void shouldRemoveWithTheTargetThatLastDeployedTheApp() {
    // given: a deploy on the local-process target (whose tarball does not exist, so it fails
    // after the target was chosen)
    AutoDeployer auto = auto("/usr/bin:/bin", DeployTarget.values());
    List<String> log = new ArrayList<>();
    assertThatThrownBy(() -> auto.deploy(request(TARBALL), log::add))
        .hasMessageContaining("Expected to unpack " + TARBALL);
    log.clear();

    // when: the same app is removed with an image that a dry run would take now
    auto.remove(request("registry.example/model-api@sha256:" + "cd".repeat(32)), log::add);

    // then: the local-process target removes it, not the dry run
    assertThat(auto.lastChoice("model-api", "staging"))
        .hasValueSatisfying(choice -> assertThat(choice.target()).isEqualTo("local-process"));
    assertThat(log.get(0)).startsWith("Deploy target: local-process");
    assertThat(log.get(1)).isEqualTo("No process of model-api runs in staging");
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

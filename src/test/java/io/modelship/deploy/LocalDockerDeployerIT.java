package io.modelship.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelship.build.AppPipelineConfig;
import io.modelship.build.AppPipelineConfig.SmokeCheck;
import io.modelship.image.BuiltImage;
import io.modelship.image.DockerEngineProperties;
import io.modelship.image.JibImageBuilder;
import io.modelship.image.JibImageBuilderProperties;
import io.modelship.image.OciRegistryPublisher;
import io.modelship.image.PublishedImage;
import io.modelship.image.RegistryProperties;
import io.modelship.image.TestImages;
import io.modelship.servers.DockerEngine;
import io.modelship.servers.RegistryServer;
import io.modelship.step.BusinessOutcomeException;
import io.modelship.step.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class LocalDockerDeployerIT {

  @RegisterExtension static DockerEngine docker = new DockerEngine();
  @RegisterExtension static RegistryServer registry = RegistryServer.basicAuth();

  private static final List<SmokeCheck> SMOKE =
      List.of(
          new SmokeCheck("GET", "/", null, 200, "Healthy", null),
          new SmokeCheck("GET", "/version.json", null, 200, null, "$.version"));

  private static String base;
  @TempDir Path dir;
  private final List<String> log = new ArrayList<>();

  @BeforeAll
  static void pushBase(@TempDir Path baseDir) throws Exception {
    base = TestImages.pushBusyboxBase(registry, baseDir);
  }

  @Test
  void shouldDeployReplaceKeepTheOldOneOnAFailedRolloutRollBackAndRemove() throws Exception {
    // given
    String v1 = publish("v1", TestImages.config(base));
    String v2 = publish("v2", TestImages.config(base));
    String broken = publish("v3", brokenConfig());
    LocalDockerDeployer deployer = deployer(TestImages.registry(registry));
    HttpSmokeTester smoke = smokeTester();

    // when: v1, then v2
    Deployment first = deployer.deploy(request(v1), log::add);
    String firstSmoke = smoke.check(first.endpoint(), SMOKE, dir, log::add);
    Deployment second = deployer.deploy(request(v2), log::add);

    // then
    assertThat(firstSmoke).isEqualTo("2 of 2 smoke checks passed");
    assertThat(first.target()).isEqualTo("local-docker");
    assertThat(first.endpoint().getHost()).isEqualTo("127.0.0.1");
    assertThat(body(second)).contains("\"v2\"");
    assertThat(containers()).hasSize(1);

    // when: a rollout that never becomes healthy
    assertThatThrownBy(() -> deployer.deploy(request(broken), log::add))
        .isInstanceOfSatisfying(
            BusinessOutcomeException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.ROLLOUT_FAILED))
        .hasMessageContaining("exited with code 3");

    // then the previous container keeps serving
    assertThat(body(second)).contains("\"v2\"");
    assertThat(containers()).hasSize(1);

    // when: rolled back to v1, and that rollback delivered twice
    Deployment rolledBack = deployer.rollback(request(v1), log::add);
    Deployment again = deployer.rollback(request(v1), log::add);

    // then
    assertThat(body(rolledBack)).contains("\"v1\"");
    assertThat(again).isEqualTo(rolledBack);
    assertThat(containers()).hasSize(1);
    assertThat(smoke.check(rolledBack.endpoint(), SMOKE, dir, log::add))
        .isEqualTo("2 of 2 smoke checks passed");

    // when: the app is taken out of the environment, and that delivered twice
    deployer.remove(request(v1), log::add);
    deployer.remove(request(v1), log::add);

    // then
    assertThat(containers()).isEmpty();
    assertThat(log).anyMatch(line -> line.startsWith("Removed the container modelship-staging-"));
    assertThat(log).contains("No container of model-api in staging");
    assertThat(String.join("\n", log)).doesNotContain(registry.password());
  }

  @Test
  void shouldLoadAnImageTarballWhenThereIsNoRegistry() throws Exception {
    // given
    Path baseTar = TestImages.busyboxBaseTarball(Files.createDirectories(dir.resolve("base")));
    Path workspace = TestImages.app(dir.resolve("ws-tar"), "tar");
    Path model = TestImages.model(dir.resolve("run-tar/model.bin"), 20_000, 21);
    BuiltImage built =
        new JibImageBuilder(
                TestImages.noRegistry(),
                new JibImageBuilderProperties(dir.resolve("cache"), dir.resolve("images")),
                name -> null)
            .build(
                TestImages.request("tar1", workspace, TestImages.config("tar://" + baseTar), model),
                log::add);
    PublishedImage skipped =
        new OciRegistryPublisher(TestImages.noRegistry(), name -> null)
            .publish(built, List.of("build-1"), log::add);

    // when
    Deployment deployment =
        deployer(TestImages.noRegistry())
            .deploy(
                new DeployRequest("staging", skipped.pinned(), TestImages.config("unused"), dir),
                log::add);

    // then
    assertThat(skipped.pinned()).startsWith("oci-archive:");
    assertThat(body(deployment)).contains("\"tar\"");
  }

  private String publish(String version, AppPipelineConfig config) throws Exception {
    Path workspace = TestImages.app(dir.resolve("ws-" + version), version);
    Path model = TestImages.model(dir.resolve("run-" + version + "/model.bin"), 20_000, 20);
    BuiltImage built =
        new JibImageBuilder(
                TestImages.registry(registry),
                new JibImageBuilderProperties(dir.resolve("cache"), dir.resolve("images")),
                TestImages.environment(registry))
            .build(TestImages.request(version, workspace, config, model), log::add);
    return new OciRegistryPublisher(TestImages.registry(registry), TestImages.environment(registry))
        .publish(built, List.of(), log::add)
        .pinned();
  }

  private static AppPipelineConfig brokenConfig() {
    return TestImages.withEntrypoint(
        TestImages.config(base), List.of("/bin/sh", "-c", "echo model missing >&2; exit 3"));
  }

  private DeployRequest request(String image) {
    return new DeployRequest("staging", image, TestImages.config(base), dir);
  }

  private LocalDockerDeployer deployer(RegistryProperties registryProperties) {
    return new LocalDockerDeployer(
        new DockerEngineProperties(docker.dockerHost()),
        registryProperties,
        new LocalDockerDeployerProperties("/", Duration.ofSeconds(20), "127.0.0.1"),
        TestImages.environment(registry));
  }

  private static HttpSmokeTester smokeTester() {
    return new HttpSmokeTester(
        new SmokeTestProperties(
            Duration.ofSeconds(10), Duration.ofMillis(200), Duration.ofSeconds(2)));
  }

  private static List<?> containers() {
    return docker
        .client()
        .listContainersCmd()
        .withShowAll(true)
        .withLabelFilter(Map.of(LocalDockerDeployer.LABEL_APP, "model-api"))
        .exec();
  }

  private static String body(Deployment deployment) throws Exception {
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    return http.send(
            java.net.http.HttpRequest.newBuilder(deployment.endpoint().resolve("/version.json"))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString())
        .body();
  }
}

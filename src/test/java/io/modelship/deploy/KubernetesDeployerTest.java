package io.modelship.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.modelship.build.AppPipelineConfig;
import io.modelship.step.BusinessOutcomeException;
import io.modelship.step.ErrorCode;
import io.modelship.step.TransientStepException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes deployer against fabric8's mock API server (CRUD mode), extended so that
 * server-side apply behaves as an upsert; a fake controller writes the status a real one would. No
 * real API server can run on this machine: what is verified here is verified only against the mock.
 */
class KubernetesDeployerTest {

  private static final String V1 = "registry.example.com/model-api@sha256:" + "1".repeat(64);
  private static final String V2 = "registry.example.com/model-api@sha256:" + "2".repeat(64);

  @TempDir Path source;
  private ServerSideApplyDispatcher dispatcher;
  private KubernetesMockServer server;
  private KubernetesClient client;
  private FakeDeploymentController controller;
  private final List<String> log = new ArrayList<>();

  @BeforeEach
  void startMockApiServer() throws Exception {
    // The mock logs every request at INFO through java.util.logging.
    java.util.logging.Logger.getLogger("io.fabric8.mockwebserver")
        .setLevel(java.util.logging.Level.WARNING);
    dispatcher = new ServerSideApplyDispatcher();
    server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    client = server.createClient();
    controller = new FakeDeploymentController(client);
    Files.createDirectories(source.resolve("k8s"));
    Files.writeString(
        source.resolve("k8s/deployment.yaml"),
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: model-api
        spec:
          replicas: 2
          selector:
            matchLabels: {app: model-api}
          template:
            metadata:
              labels: {app: model-api}
            spec:
              containers:
                - name: model-api
                  image: model-api
                  ports: [{containerPort: 8080}]
        """);
    Files.writeString(
        source.resolve("k8s/service.yaml"),
        """
        apiVersion: v1
        kind: Service
        metadata:
          name: model-api
        spec:
          selector: {app: model-api}
          ports: [{port: 80, targetPort: 8080}]
        """);
  }

  @AfterEach
  void stopMockApiServer() {
    try {
      controller.close();
      client.close();
    } finally {
      server.destroy();
    }
  }

  @Test
  void shouldApplyServerSideWithTheImagePinnedIntoTheEnvironmentsNamespaceAndWaitForTheRollout() {
    // when
    io.modelship.deploy.Deployment deployment = deployer().deploy(request(V1), log::add);

    // then
    Deployment stored = stored();
    assertThat(stored.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo(V1);
    assertThat(client.services().inNamespace("model-staging").withName("model-api").get())
        .isNotNull();
    assertThat(dispatcher.applies)
        .extracting(ServerSideApplyDispatcher.Apply::path)
        .containsExactly(
            "/apis/apps/v1/namespaces/model-staging/deployments/model-api",
            "/api/v1/namespaces/model-staging/services/model-api");
    assertThat(dispatcher.applies)
        .allSatisfy(
            apply -> {
              assertThat(apply.fieldManager()).isEqualTo("modelship");
              assertThat(apply.force()).isEqualTo("true");
              assertThat(apply.contentType()).startsWith("application/apply-patch+yaml");
            });
    assertThat(deployment.endpoint())
        .hasToString("http://model-api.model-staging.svc.cluster.local:80");
    assertThat(deployment.target()).isEqualTo("kubernetes");
    assertThat(log).anyMatch(line -> line.contains("rolled out: 2 replicas available"));
  }

  @Test
  void shouldLeaveEverythingAsItIsWhenTheSameImageIsDeployedAgain() {
    // given
    KubernetesDeployer deployer = deployer();
    deployer.deploy(request(V1), log::add);
    long generation = stored().getMetadata().getGeneration();

    // when
    deployer.deploy(request(V1), log::add);

    // then
    assertThat(stored().getMetadata().getGeneration()).isEqualTo(generation);
  }

  @Test
  void shouldNotTrustTheOldReplicaSetsStatusForANewGeneration() {
    // given: v1 fully rolled out
    KubernetesDeployer deployer = deployer();
    deployer.deploy(request(V1), log::add);

    // when: the controller never observes v2's generation
    controller.behave(FakeDeploymentController.Behaviour.IGNORE);

    // then: all replicas are available, but of the old generation
    assertThatThrownBy(() -> deployer.deploy(request(V2), log::add))
        .isInstanceOfSatisfying(
            BusinessOutcomeException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.ROLLOUT_FAILED))
        .hasMessageContaining("observe generation 2");
  }

  @Test
  void shouldFailARolloutWhoseNewPodsNeverBecomeAvailableOrWhoseDeadlineIsExceeded() {
    // given
    KubernetesDeployer deployer = deployer();
    controller.behave(FakeDeploymentController.Behaviour.STALL);

    // when / then
    assertThatThrownBy(() -> deployer.deploy(request(V1), log::add))
        .isInstanceOfSatisfying(
            BusinessOutcomeException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.ROLLOUT_FAILED))
        .hasMessageContaining("1 of 2 new replicas updated");

    // and when the controller gives up on progress
    controller.behave(FakeDeploymentController.Behaviour.EXCEED_DEADLINE);
    assertThatThrownBy(() -> deployer.deploy(request(V2), log::add))
        .isInstanceOfSatisfying(
            BusinessOutcomeException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.ROLLOUT_FAILED))
        .hasMessageContaining("progress deadline was exceeded");
  }

  @Test
  void shouldRollBackToTheEarlierImage() {
    // given
    KubernetesDeployer deployer = deployer();
    deployer.deploy(request(V1), log::add);
    deployer.deploy(request(V2), log::add);

    // when
    io.modelship.deploy.Deployment rolledBack = deployer.rollback(request(V1), log::add);

    // then
    assertThat(rolledBack.image()).isEqualTo(V1);
    Deployment stored = stored();
    assertThat(stored.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo(V1);
    assertThat(stored.getMetadata().getGeneration()).isEqualTo(3);
    assertThat(stored.getStatus().getObservedGeneration()).isEqualTo(3);
  }

  @Test
  void shouldDeleteTheAppsResourcesWhenItIsRemovedAndChangeNothingTheSecondTime() {
    // given
    KubernetesDeployer deployer = deployer();
    deployer.deploy(request(V1), log::add);

    // when
    deployer.remove(request(V1), log::add);
    List<String> first = List.copyOf(log);
    log.clear();
    deployer.remove(request(V1), log::add);

    // then
    assertThat(stored()).isNull();
    assertThat(client.services().inNamespace("model-staging").withName("model-api").get()).isNull();
    assertThat(first)
        .contains(
            "Deleted Deployment model-staging/model-api",
            "Deleted Service model-staging/model-api");
    assertThat(log)
        .containsExactly(
            "Deployment model-staging/model-api was not there",
            "Service model-staging/model-api was not there");
  }

  @Test
  void shouldCallAnApiServerConflictTransient() {
    // given
    dispatcher.conflictsToAnswer.set(1);

    // when / then
    assertThatThrownBy(() -> deployer().deploy(request(V1), log::add))
        .isInstanceOf(TransientStepException.class)
        .hasMessageContaining("409");
  }

  @Test
  void shouldRefuseATarballOrManifestsWithoutADeployment() throws Exception {
    // given
    KubernetesDeployer deployer = deployer();
    Files.delete(source.resolve("k8s/deployment.yaml"));

    // when / then
    assertThatThrownBy(
            () ->
                deployer.deploy(
                    request("oci-archive:/tmp/image.tar@sha256:" + "3".repeat(64)), log::add))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> deployer.deploy(request(V1), log::add))
        .isInstanceOfSatisfying(
            BusinessOutcomeException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.ROLLOUT_FAILED))
        .hasMessageContaining("one Deployment");
  }

  private KubernetesDeployer deployer() {
    return new KubernetesDeployer(
        client,
        new KubernetesDeployerProperties(
            Map.of("staging", "model-staging"),
            Map.of(),
            Duration.ofSeconds(2),
            Duration.ofMillis(50)));
  }

  private DeployRequest request(String image) {
    AppPipelineConfig config =
        new AppPipelineConfig(
            "model-api",
            "main",
            new AppPipelineConfig.Model("s3://m/w.json", null, "/app/model/w.json"),
            null,
            null,
            new AppPipelineConfig.Deploy("k8s/"),
            List.of());
    return new DeployRequest("staging", image, config, source);
  }

  private Deployment stored() {
    return client.apps().deployments().inNamespace("model-staging").withName("model-api").get();
  }
}

package io.modelship.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.modelship.deploy.DeployTarget;
import io.modelship.deploy.DeployTargetProperties;
import io.modelship.deploy.KubernetesDeployerProperties;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.ByteArrayResource;

/**
 * Every kustomization under {@code k8s/}, rendered by Debian's kubectl 1.20 (kustomize v2.0.3, the
 * oldest we support) and parsed with fabric8 into typed objects with no unknown fields. Only the
 * rendering is real: no cluster runs here.
 */
class KustomizeOverlaysTest {

  static final Path KUBECTL = Path.of(".cache/kubernetes-client/usr/bin/kubectl");
  static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "k8s/modelship",
        "k8s/model-api",
        "k8s/overlays/staging",
        "k8s/overlays/production"
      })
  void shouldRenderIntoTypedObjectsWithoutUnknownFields(String kustomization) throws Exception {
    // when
    List<HasMetadata> objects = render(kustomization);

    // then
    assertThat(objects).isNotEmpty();
    List<String> unknown = new ArrayList<>();
    objects.forEach(
        o -> collectUnknownFields(o, o.getKind() + "/" + o.getMetadata().getName(), unknown));
    assertThat(unknown).as("fields that Kubernetes does not know").isEmpty();
    assertThat(objects).noneMatch(Secret.class::isInstance);
  }

  @Test
  void shouldFindEveryKustomizationInThisTest() throws Exception {
    try (Stream<Path> files = Files.walk(Path.of("k8s"))) {
      assertThat(
              files
                  .filter(p -> p.endsWith("kustomization.yaml"))
                  .map(p -> p.getParent().toString()))
          .containsExactlyInAnyOrder(
              "k8s/modelship", "k8s/model-api", "k8s/overlays/staging", "k8s/overlays/production");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"staging", "production"})
  void shouldProbeActuatorHealthAndTakeSecretsFromTheSecretOnly(String overlay) throws Exception {
    // given
    List<HasMetadata> objects = render("k8s/overlays/" + overlay);

    // when
    Container modelship =
        only(objects, Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);

    // then
    assertThat(modelship.getReadinessProbe().getHttpGet().getPath())
        .isEqualTo("/actuator/health/readiness");
    assertThat(modelship.getLivenessProbe().getHttpGet().getPath())
        .isEqualTo("/actuator/health/liveness");
    assertThat(modelship.getImage()).matches("modelship[a-z]+\\.azurecr\\.io/modelship:.+");
    assertThat(modelship.getEnv())
        .filteredOn(e -> e.getName().matches(".*(PASSWORD|SECRET).*"))
        .isNotEmpty()
        .allSatisfy(
            e ->
                assertThat(e.getValueFrom().getSecretKeyRef().getName())
                    .isEqualTo("modelship-secrets"));
    assertThat(modelship.getEnv())
        .map(EnvVar::getValue)
        .filteredOn(Objects::nonNull)
        .noneMatch(v -> v.toLowerCase().contains("accountkey"));
    assertThat(only(objects, ConfigMap.class).getData().get("application.yaml"))
        .contains("enabled: false")
        .doesNotContainIgnoringCase("password:")
        .doesNotContain("connection-string");
  }

  @ParameterizedTest
  @ValueSource(strings = {"staging", "production"})
  void shouldDeployAppsWithKubernetesIntoTheNamespacesItHasRightsIn(String overlay)
      throws Exception {
    // given
    List<HasMetadata> objects = render("k8s/overlays/" + overlay);
    String yaml = only(objects, ConfigMap.class).getData().get("application.yaml");

    // when: the ConfigMap's settings bound as Modelship binds them
    Binder binder =
        new Binder(
            ConfigurationPropertySources.from(
                new YamlPropertySourceLoader()
                    .load("configmap", new ByteArrayResource(yaml.getBytes()))));
    DeployTargetProperties target =
        binder.bindOrCreate("modelship.deploy", DeployTargetProperties.class);
    KubernetesDeployerProperties kubernetes =
        binder.bindOrCreate("modelship.deploy.kubernetes", KubernetesDeployerProperties.class);

    // then
    assertThat(target.target()).isEqualTo(DeployTarget.KUBERNETES);
    assertThat(kubernetes.namespaces().keySet()).containsExactlyInAnyOrder("staging", "production");
    assertThat(kubernetes.namespaces().values())
        .containsExactlyInAnyOrderElementsOf(
            all(objects, RoleBinding.class).stream()
                .map(b -> b.getMetadata().getNamespace())
                .toList());
  }

  @ParameterizedTest
  @ValueSource(strings = {"staging", "production"})
  void shouldGrantDeployRightsOnlyInTheTargetNamespaces(String overlay) throws Exception {
    // given
    List<HasMetadata> objects = render("k8s/overlays/" + overlay);

    // when
    List<RoleBinding> bindings = all(objects, RoleBinding.class);
    ClusterRole role = only(objects, ClusterRole.class);

    // then
    assertThat(all(objects, ClusterRoleBinding.class)).isEmpty();
    assertThat(bindings)
        .hasSize(2)
        .allSatisfy(
            b -> {
              assertThat(b.getMetadata().getNamespace())
                  .startsWith("apps-")
                  .isNotEqualTo("modelship");
              assertThat(b.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
              assertThat(b.getSubjects())
                  .singleElement()
                  .satisfies(
                      s -> {
                        assertThat(s.getKind()).isEqualTo("ServiceAccount");
                        assertThat(s.getNamespace()).isEqualTo("modelship");
                      });
            });
    assertThat(role.getRules())
        .allSatisfy(
            rule -> {
              assertThat(rule.getVerbs()).doesNotContain("delete", "deletecollection", "*");
              assertThat(rule.getResources()).doesNotContain("secrets", "*", "pods/exec");
            });
  }

  @Test
  void shouldKeepTheSampleAppsBaseIdenticalToTheManifestsModelshipDeploys() throws Exception {
    for (String file : List.of("deployment.yaml", "service.yaml")) {
      assertThat(Path.of("k8s/model-api", file))
          .hasSameTextualContentAs(Path.of("samples/model-api/k8s", file));
    }
    Container app =
        only(render("k8s/model-api"), Deployment.class)
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);
    assertThat(app.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/");
    assertThat(app.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/");
  }

  private static List<HasMetadata> render(String kustomization) throws Exception {
    assertThat(KUBECTL)
        .as("Expected Debian's kubectl 1.20 unpacked by bin/setup (run bin/setup)")
        .isExecutable();
    LocalProcess.Result result =
        LocalProcess.run(
            Path.of("."),
            List.of(KUBECTL.toString(), "kustomize", kustomization),
            Map.of(),
            Duration.ofMinutes(1));
    assertThat(result.exitCode())
        .as("kubectl kustomize %s said:%n%s", kustomization, result.output())
        .isZero();
    Object parsed = SERIALIZATION.unmarshal(result.output());
    List<?> items = parsed instanceof List<?> list ? list : List.of(parsed);
    List<HasMetadata> objects = new ArrayList<>();
    for (Object item : items) {
      assertThat(item).as("a rendered object").isInstanceOf(HasMetadata.class);
      assertThat(item.getClass().getPackageName())
          .as("%s should parse into fabric8's typed model", ((HasMetadata) item).getKind())
          .startsWith("io.fabric8.kubernetes.api.model");
      objects.add((HasMetadata) item);
    }
    return objects;
  }

  private static <T> List<T> all(List<HasMetadata> objects, Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  private static <T> T only(List<HasMetadata> objects, Class<T> type) {
    List<T> found = all(objects, type);
    assertThat(found).as("objects of kind %s", type.getSimpleName()).hasSize(1);
    return found.get(0);
  }

  /**
   * fabric8 keeps fields its model does not know in {@code additionalProperties}: a misspelt field
   * ({@code readinesProbe}) would reach the cluster and be dropped there without a word.
   */
  private static void collectUnknownFields(Object value, String path, List<String> unknown) {
    if (value instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        collectUnknownFields(item, path + "[" + i++ + "]", unknown);
      }
    } else if (value instanceof KubernetesResource
        && value.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
      for (Method getter : value.getClass().getMethods()) {
        if (getter.getParameterCount() != 0
            || !getter.getName().startsWith("get")
            || getter.getDeclaringClass() == Object.class) {
          continue;
        }
        Object field;
        try {
          field = getter.invoke(value);
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(e);
        }
        if (getter.getName().equals("getAdditionalProperties")) {
          if (field instanceof Map<?, ?> extra && !extra.isEmpty()) {
            unknown.add(path + ": " + extra.keySet());
          }
        } else {
          collectUnknownFields(field, path + "." + getter.getName().substring(3), unknown);
        }
      }
    }
  }
}

package io.modelship.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * An app's Kubernetes manifests ({@code deploy.manifests}: one YAML file, or every {@code *.yaml}
 * and {@code *.yml} in a folder) with the app's container image replaced by the image pinned by
 * digest: the container named as the app, or the only container of the one Deployment. Read without
 * a cluster, so the Kubernetes target applies what the dry run renders. Manifests that are missing
 * or cannot be read throw {@link ManifestException}.
 */
final class AppManifests {

  /** The manifests cannot be had or do not describe the app. */
  static final class ManifestException extends RuntimeException {
    ManifestException(String message) {
      super(message);
    }
  }

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private AppManifests() {}

  /** The app's objects, in file order, with the image pinned. */
  static List<HasMetadata> pinned(DeployRequest request) {
    List<HasMetadata> resources = read(request);
    pinImage(resources, request);
    return resources;
  }

  /** The objects as one multi-document YAML file. */
  static String yaml(List<HasMetadata> resources) {
    StringBuilder out = new StringBuilder();
    for (HasMetadata resource : resources) {
      String document = SERIALIZATION.asYaml(resource);
      out.append(document.startsWith("---") ? document : "---\n" + document);
      if (!document.endsWith("\n")) {
        out.append('\n');
      }
    }
    return out.toString();
  }

  private static List<HasMetadata> read(DeployRequest request) {
    if (request.config().deploy() == null || request.config().deploy().manifests() == null) {
      throw new ManifestException(
          "Expected deploy.manifests in .modelship.yaml, but it is missing");
    }
    String configured = request.config().deploy().manifests();
    Path root = request.source().toAbsolutePath().normalize();
    Path location = root.resolve(configured).normalize();
    if (!location.startsWith(root) || !Files.exists(location)) {
      throw new ManifestException(
          "Expected the manifests deploy.manifests='"
              + configured
              + "' in the app's repository, but they are missing");
    }
    List<HasMetadata> resources = new ArrayList<>();
    try (Stream<Path> files =
        Files.isDirectory(location) ? Files.list(location) : Stream.of(location)) {
      for (Path file :
          files
              .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
              .sorted()
              .toList()) {
        try (InputStream in = Files.newInputStream(file)) {
          resources.addAll(objects(SERIALIZATION.unmarshal(in)));
        } catch (RuntimeException e) {
          throw new ManifestException(
              "Expected Kubernetes manifests in "
                  + root.relativize(file)
                  + ", but they cannot be read: "
                  + e.getMessage());
        }
      }
    } catch (IOException e) {
      throw new ManifestException("Expected to read " + location + ", but " + e.getMessage());
    }
    return resources;
  }

  private static List<HasMetadata> objects(Object parsed) {
    if (parsed instanceof KubernetesList list) {
      return list.getItems();
    }
    if (parsed instanceof HasMetadata single) {
      return List.of(single);
    }
    if (parsed instanceof List<?> many) {
      List<HasMetadata> out = new ArrayList<>();
      many.forEach(o -> out.addAll(objects(o)));
      return out;
    }
    return List.of();
  }

  /** The one Deployment among the objects. */
  static Deployment deployment(List<HasMetadata> resources) {
    List<Deployment> deployments =
        resources.stream()
            .filter(Deployment.class::isInstance)
            .map(Deployment.class::cast)
            .toList();
    if (deployments.size() != 1) {
      throw new ManifestException(
          "Expected one Deployment in deploy.manifests, but found " + deployments.size());
    }
    return deployments.get(0);
  }

  private static void pinImage(List<HasMetadata> resources, DeployRequest request) {
    Deployment deployment = deployment(resources);
    List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
    Container container =
        containers.stream()
            .filter(c -> request.app().equals(c.getName()))
            .findFirst()
            .orElse(containers.size() == 1 ? containers.get(0) : null);
    if (container == null) {
      throw new ManifestException(
          "Expected a container named "
              + request.app()
              + " (or a single container) in Deployment "
              + deployment.getMetadata().getName()
              + ", but found "
              + containers.size());
    }
    container.setImage(request.image());
  }
}

package io.modelship.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.modelship.image.PublishedImage;
import io.modelship.step.BusinessOutcomeException;
import io.modelship.step.ErrorCode;
import io.modelship.step.TransientStepException;
import io.modelship.steplog.StepLog;
import java.net.URI;
import java.util.List;

/**
 * Deploys an app's Kubernetes manifests (its Deployment and Service, from {@code deploy.manifests})
 * into the environment's namespace with server-side apply (field manager {@code modelship},
 * conflicts forced), the app's container image replaced by the image pinned by digest; then waits
 * for the rollout the way {@code kubectl rollout status} does ({@link RolloutStatus}). A rollout
 * that fails or times out is {@code ROLLOUT_FAILED}; a rollback applies the earlier release's
 * manifests and image the same way.
 *
 * <p>Idempotent: applying the same manifests and image again changes nothing, the Deployment's
 * generation stays, and the wait ends at once.
 */
public class KubernetesDeployer implements Deployer {

  static final String FIELD_MANAGER = "modelship";
  static final String TARGET = "kubernetes";

  private final KubernetesClient client;
  private final KubernetesDeployerProperties properties;

  public KubernetesDeployer(KubernetesClient client, KubernetesDeployerProperties properties) {
    this.client = client;
    this.properties = properties;
  }

  @Override
  public io.modelship.deploy.Deployment deploy(DeployRequest request, StepLog log) {
    if (request.image().startsWith(PublishedImage.ARCHIVE_PREFIX)
        || !request.image().contains("@sha256:")) {
      throw new IllegalStateException(
          "Expected an image in a registry pinned by digest, but got '"
              + request.image()
              + "': Kubernetes needs modelship.registry.host");
    }
    String namespace = properties.namespace(request.environment());
    List<HasMetadata> resources;
    try {
      resources = AppManifests.pinned(request);
    } catch (AppManifests.ManifestException e) {
      throw rolloutFailed(e.getMessage());
    }
    Deployment deployment = AppManifests.deployment(resources);
    try {
      for (HasMetadata resource : resources) {
        resource.getMetadata().setNamespace(namespace);
        client
            .resource(resource)
            .inNamespace(namespace)
            .fieldManager(FIELD_MANAGER)
            .forceConflicts()
            .serverSideApply();
        log.append(
            "Applied "
                + resource.getKind()
                + " "
                + namespace
                + "/"
                + resource.getMetadata().getName());
      }
      waitForRollout(namespace, deployment.getMetadata().getName(), request, log);
    } catch (KubernetesClientException e) {
      throw translate(e, request);
    }
    return new io.modelship.deploy.Deployment(
        request.environment(),
        request.app(),
        request.image(),
        endpoint(request.environment(), namespace, resources),
        TARGET);
  }

  @Override
  public io.modelship.deploy.Deployment rollback(DeployRequest target, StepLog log) {
    log.append(
        "Rolling " + target.app() + " in " + target.environment() + " back to " + target.image());
    return deploy(target, log);
  }

  /** Deletes the app's manifests' resources (Deployment, Service, ...) from the namespace. */
  @Override
  public void remove(DeployRequest request, StepLog log) {
    String namespace = properties.namespace(request.environment());
    try {
      List<HasMetadata> resources;
      try {
        resources = AppManifests.pinned(request);
      } catch (AppManifests.ManifestException e) {
        // The deploy read the same manifests at the same commit, so it applied none of them.
        log.append("Nothing to delete: " + e.getMessage());
        return;
      }
      for (HasMetadata resource : resources) {
        String name = resource.getKind() + " " + namespace + "/" + resource.getMetadata().getName();
        boolean deleted = !client.resource(resource).inNamespace(namespace).delete().isEmpty();
        log.append(deleted ? "Deleted " + name : name + " was not there");
      }
    } catch (KubernetesClientException e) {
      throw translate(e, request);
    }
  }

  private void waitForRollout(String namespace, String name, DeployRequest request, StepLog log) {
    long deadline = System.nanoTime() + properties.rolloutTimeout().toNanos();
    String last = null;
    while (true) {
      Deployment current = client.apps().deployments().inNamespace(namespace).withName(name).get();
      if (current == null) {
        throw new TransientStepException(
            "Expected Deployment " + namespace + "/" + name + " after applying it, but it is gone");
      }
      RolloutStatus status = RolloutStatus.of(current);
      if (!status.reason().equals(last)) {
        log.append("Rollout of " + namespace + "/" + name + ": " + status.reason());
        last = status.reason();
      }
      if (status.done()) {
        return;
      }
      if (status.failed() || System.nanoTime() >= deadline) {
        throw new BusinessOutcomeException(
            ErrorCode.ROLLOUT_FAILED,
            "Expected Deployment "
                + namespace
                + "/"
                + name
                + " to roll out "
                + request.image()
                + " within "
                + properties.rolloutTimeout().toSeconds()
                + " s, but "
                + (status.failed() ? status.reason() : "it was still " + status.reason()));
      }
      try {
        Thread.sleep(properties.pollInterval().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TransientStepException("Interrupted while waiting for the rollout", e);
      }
    }
  }

  private URI endpoint(String environment, String namespace, List<HasMetadata> resources) {
    String configured = properties.endpoints().get(environment);
    if (configured != null) {
      return URI.create(configured);
    }
    Service service =
        resources.stream()
            .filter(Service.class::isInstance)
            .map(Service.class::cast)
            .findFirst()
            .orElseThrow(
                () ->
                    rolloutFailed(
                        "Expected a Service in deploy.manifests, or an endpoint for "
                            + environment
                            + " in modelship.deploy.kubernetes.endpoints, but there is neither"));
    int port = service.getSpec().getPorts().get(0).getPort();
    return URI.create(
        "http://"
            + service.getMetadata().getName()
            + "."
            + namespace
            + ".svc.cluster.local:"
            + port);
  }

  private static RuntimeException translate(KubernetesClientException e, DeployRequest request) {
    int code = e.getCode();
    if (code == 409 || code == 429 || code >= 500 || code == 0) {
      return new TransientStepException(
          "Expected the API server to accept the deployment of "
              + request.app()
              + ", but it answered "
              + (code == 0 ? "nothing (" + e.getMessage() + ")" : code),
          e);
    }
    if (code == 400 || code == 422) {
      return rolloutFailed(
          "Expected the API server to accept the manifests of "
              + request.app()
              + ", but it refused them ("
              + code
              + "): "
              + e.getMessage());
    }
    return new IllegalStateException(
        "Expected the API server to accept the deployment of "
            + request.app()
            + ", but it answered "
            + code
            + ": "
            + e.getMessage(),
        e);
  }

  private static BusinessOutcomeException rolloutFailed(String message) {
    return new BusinessOutcomeException(ErrorCode.ROLLOUT_FAILED, message);
  }
}

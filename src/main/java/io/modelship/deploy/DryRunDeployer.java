package io.modelship.deploy;

import io.modelship.step.BusinessOutcomeException;
import io.modelship.step.ErrorCode;
import io.modelship.steplog.StepLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Deploys nothing: renders the app's Kubernetes manifests with the image pinned by digest (what the
 * Kubernetes target would apply, in the namespace named as the environment) into a file, and ends
 * the deployment as {@code ROLLOUT_FAILED} with a message that starts with {@link #NOT_DEPLOYED}.
 * So a release on this target never reaches a smoke test, an approval or the ledger's list of
 * deployments: it ends as "staging failed", and claims nothing. A rollback, which has nothing to
 * put back, and a removal, which has nothing to remove, only say so.
 */
public class DryRunDeployer implements Deployer {

  static final String TARGET = "dry-run";

  /** How every dry-run deployment's outcome message starts. */
  public static final String NOT_DEPLOYED = "Dry run: nothing was deployed";

  private final DryRunDeployerProperties properties;

  public DryRunDeployer(DryRunDeployerProperties properties) {
    this.properties = properties;
  }

  @Override
  public Deployment deploy(DeployRequest request, StepLog log) {
    Path file;
    try {
      file = render(request, log);
    } catch (AppManifests.ManifestException e) {
      throw new BusinessOutcomeException(
          ErrorCode.ROLLOUT_FAILED,
          NOT_DEPLOYED + ", and no manifests were rendered: " + e.getMessage());
    }
    throw new BusinessOutcomeException(
        ErrorCode.ROLLOUT_FAILED,
        NOT_DEPLOYED
            + " to "
            + request.environment()
            + "; the manifests of "
            + request.app()
            + " with "
            + request.image()
            + " are in "
            + file.toAbsolutePath());
  }

  @Override
  public Deployment rollback(DeployRequest target, StepLog log) {
    log.append(
        "Dry run: nothing was deployed, so nothing is put back; "
            + target.image()
            + " stays where it was");
    return new Deployment(
        target.environment(),
        target.app(),
        target.image(),
        properties.outputDirectory().toUri(),
        TARGET);
  }

  @Override
  public void remove(DeployRequest request, StepLog log) {
    log.append(
        "Dry run: nothing was deployed, so nothing is removed; "
            + request.app()
            + " was never in "
            + request.environment());
  }

  private Path render(DeployRequest request, StepLog log) {
    var resources = AppManifests.pinned(request);
    resources.forEach(r -> r.getMetadata().setNamespace(request.environment()));
    String digest = request.image().substring(request.image().lastIndexOf(':') + 1);
    Path file =
        properties
            .outputDirectory()
            .resolve(request.environment())
            .resolve(
                request.app() + "-" + digest.substring(0, Math.min(12, digest.length())) + ".yaml");
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, AppManifests.yaml(resources), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Expected to write " + file + ", but " + e.getMessage(), e);
    }
    log.append(
        "Dry run: rendered "
            + resources.size()
            + " objects of "
            + request.app()
            + " with "
            + request.image()
            + " into "
            + file.toAbsolutePath()
            + "; nothing was deployed");
    return file;
  }
}

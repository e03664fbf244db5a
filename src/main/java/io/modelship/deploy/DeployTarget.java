package io.modelship.deploy;

/** Where {@code deploy} runs apps: {@code modelship.deploy.target}. */
public enum DeployTarget {
  /** A Docker engine on this machine ({@code modelship.docker.host}). */
  LOCAL_DOCKER("local-docker"),
  /** A Kubernetes cluster (AKS in production), through fabric8. */
  KUBERNETES("kubernetes"),
  /** A process on this machine, running the app's files and model from the image tarball. */
  LOCAL_PROCESS("local-process"),
  /** Nothing runs: the manifests are rendered with the pinned image, and no release is claimed. */
  DRY_RUN("dry-run"),
  /** The first of {@code modelship.deploy.auto.order} that can run the app, chosen per deploy. */
  AUTO("auto");

  private final String id;

  DeployTarget(String id) {
    this.id = id;
  }

  /** The name used in configuration and in {@link Deployment#target()}. */
  public String id() {
    return id;
  }
}

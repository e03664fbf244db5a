package io.modelship.image;

import java.nio.file.Path;

/**
 * A built image.
 *
 * @param repository the image repository, e.g. {@code registry.example.com/model-api}, or the app's
 *     name when there is no registry
 * @param tag the run-scoped tag, {@code run-<runId>}
 * @param digest the manifest digest, {@code sha256:...}
 * @param tarball the OCI image tarball when no registry is configured, else {@code null}
 */
public record BuiltImage(String repository, String tag, String digest, Path tarball) {

  /** The image pinned by digest, e.g. {@code registry.example.com/model-api@sha256:...}. */
  public String pinned() {
    return repository + "@" + digest;
  }
}

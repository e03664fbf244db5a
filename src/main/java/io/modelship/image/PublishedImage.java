package io.modelship.image;

import java.util.List;

/**
 * An image as the registry has it.
 *
 * @param repository the image repository; when publishing was skipped and the image lives in a
 *     tarball, {@code oci-archive:<absolute path>}, so that {@link #pinned()} names the tarball and
 *     the digest it must hold
 * @param digest the manifest digest, the same as the built image's
 * @param tags the tags now pointing at it
 * @param skipped true when no registry is configured and nothing was pushed
 */
public record PublishedImage(String repository, String digest, List<String> tags, boolean skipped) {

  /** The tarball scheme of {@link #repository()} for images that were not pushed. */
  public static final String ARCHIVE_PREFIX = "oci-archive:";

  /**
   * The image pinned by digest: {@code registry/repo@sha256:...}, or {@code
   * oci-archive:/path/image.tar@sha256:...} for a tarball (which local deployers load).
   */
  public String pinned() {
    return repository + "@" + digest;
  }
}

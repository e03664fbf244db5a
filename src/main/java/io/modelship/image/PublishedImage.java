package io.modelship.image;

import java.util.List;

/**
 * An image as the registry has it.
 *
 * @param repository the image repository
 * @param digest the manifest digest, the same as the built image's
 * @param tags the tags now pointing at it
 * @param skipped true when no registry is configured and nothing was pushed
 */
public record PublishedImage(String repository, String digest, List<String> tags, boolean skipped) {

  /** The image pinned by digest. */
  public String pinned() {
    return repository + "@" + digest;
  }
}

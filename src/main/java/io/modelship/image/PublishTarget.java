package io.modelship.image;

import io.modelship.steplog.StepLog;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where a built image is published, as both registry publishers check it before any tag moves: the
 * image's repository within the configured registry, and every tag it is to carry (its run tag
 * first).
 *
 * @param path the repository's path within the registry (without the registry host)
 * @param tags the run tag, then the requested tags, each once
 */
record PublishTarget(String path, List<String> tags) {

  /**
   * The answer when there is nothing to publish: no registry is configured, or the image went to a
   * tarball. Empty when the image is to be published.
   */
  static Optional<PublishedImage> skipped(
      RegistryProperties registry, BuiltImage image, StepLog log) {
    if (registry.enabled() && image.tarball() == null) {
      return Optional.empty();
    }
    log.append("No registry configured: publishing " + image.repository() + " skipped");
    String repository =
        image.tarball() == null
            ? image.repository()
            : PublishedImage.ARCHIVE_PREFIX + image.tarball().toAbsolutePath();
    return Optional.of(new PublishedImage(repository, image.digest(), List.of(), true));
  }

  /** The target of an image built into the configured registry; refuses others and bad tags. */
  static PublishTarget of(RegistryProperties registry, BuiltImage image, List<String> tags) {
    String prefix = registry.host() + "/";
    if (!image.repository().startsWith(prefix)) {
      throw new IllegalArgumentException(
          "Expected an image in the registry "
              + registry.host()
              + ", but got "
              + image.repository());
    }
    for (String tag : tags) {
      if (!ImageSpec.TAG.matcher(tag).matches()) {
        throw new IllegalArgumentException("Expected a valid image tag, but got '" + tag + "'");
      }
    }
    Set<String> allTags = new LinkedHashSet<>();
    allTags.add(image.tag());
    allTags.addAll(tags);
    return new PublishTarget(image.repository().substring(prefix.length()), List.copyOf(allTags));
  }
}

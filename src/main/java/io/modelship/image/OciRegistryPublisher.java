package io.modelship.image;

import io.modelship.steplog.StepLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Publishes an image that the Jib builder pushed under its run tag, by putting the very same
 * manifest bytes under each further tag: no blob moves and the digest stays. A tag that already
 * points at the digest is left alone, so publishing again (a re-delivered job) changes nothing and
 * returns the same digest. With no registry configured, or for an image that went to a tarball,
 * publishing is skipped.
 */
public class OciRegistryPublisher implements RegistryPublisher {

  private final RegistryProperties registry;
  private final UnaryOperator<String> environment;

  public OciRegistryPublisher(RegistryProperties registry, UnaryOperator<String> environment) {
    this.registry = registry;
    this.environment = environment;
  }

  @Override
  public PublishedImage publish(BuiltImage image, List<String> tags, StepLog log) {
    Optional<PublishedImage> skipped = PublishTarget.skipped(registry, image, log);
    if (skipped.isPresent()) {
      return skipped.get();
    }
    PublishTarget target = PublishTarget.of(registry, image, tags);
    String repository = target.path();
    OciRegistryClient client = client();

    OciRegistryClient.Manifest manifest =
        client
            .manifest(repository, image.digest())
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "Expected the registry to hold "
                            + image.pinned()
                            + ", but it does not; build the image again"));
    if (!manifest.digest().equals(image.digest())) {
      throw new IllegalStateException(
          "Expected the manifest of "
              + image.pinned()
              + " to hash to its digest, but it hashes to "
              + manifest.digest());
    }

    List<String> published = new ArrayList<>();
    for (String tag : target.tags()) {
      Optional<String> current = client.manifestDigest(repository, tag);
      if (current.filter(image.digest()::equals).isPresent()) {
        log.append("Tag " + tag + " already points at " + image.digest());
      } else {
        String digest = client.putManifest(repository, tag, manifest);
        if (!digest.equals(image.digest())) {
          throw new IllegalStateException(
              "Expected the registry to store tag "
                  + tag
                  + " as "
                  + image.digest()
                  + ", but it"
                  + " reports "
                  + digest);
        }
        log.append(
            "Tagged "
                + image.repository()
                + ":"
                + tag
                + (current.isPresent() ? " (was " + current.get() + ")" : "")
                + " -> "
                + digest);
      }
      published.add(tag);
    }
    return new PublishedImage(image.repository(), image.digest(), List.copyOf(published), false);
  }

  OciRegistryClient client() {
    return new OciRegistryClient(registry, RegistryCredentials.resolve(registry, environment));
  }
}

package io.modelship.image;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import io.modelship.step.TransientStepException;
import io.modelship.steplog.StepLog;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Publishes an image the Docker-engine builder pushed under its run tag: each further tag is set on
 * the engine and pushed with docker-java. The registry has every blob already, so a push moves only
 * a manifest. A tag that already points at the digest is left alone (checked with a HEAD on the
 * registry), so publishing again changes nothing and returns the same digest. With no registry,
 * publishing is skipped.
 */
public class DockerRegistryPublisher implements RegistryPublisher {

  private final DockerEngineProperties engine;
  private final RegistryProperties registry;
  private final UnaryOperator<String> environment;

  public DockerRegistryPublisher(
      DockerEngineProperties engine,
      RegistryProperties registry,
      UnaryOperator<String> environment) {
    this.engine = engine;
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
    Optional<RegistryCredentials> credentials = RegistryCredentials.resolve(registry, environment);
    OciRegistryClient client = new OciRegistryClient(registry, credentials);
    List<String> published = new ArrayList<>();
    try (DockerClient docker = engine.connect()) {
      for (String tag : target.tags()) {
        if (client.manifestDigest(target.path(), tag).filter(image.digest()::equals).isPresent()) {
          log.append("Tag " + tag + " already points at " + image.digest());
        } else {
          String source = image.repository() + ":" + image.tag();
          try {
            docker.tagImageCmd(source, image.repository(), tag).exec();
          } catch (NotFoundException e) {
            throw new IllegalStateException(
                "Expected the Docker engine to hold "
                    + source
                    + ", but it does not; build the"
                    + " image again",
                e);
          }
          String digest =
              DockerImageBuilder.push(docker, image.repository(), tag, credentials, log);
          if (!digest.equals(image.digest())) {
            throw new IllegalStateException(
                "Expected tag "
                    + tag
                    + " to be pushed as "
                    + image.digest()
                    + ", but the"
                    + " registry reports "
                    + digest);
          }
          log.append("Pushed " + image.repository() + ":" + tag + " -> " + digest);
        }
        published.add(tag);
      }
    } catch (IOException e) {
      throw new TransientStepException("Expected to reach the Docker engine, but " + e, e);
    } catch (RuntimeException e) {
      // The engine's answers, and docker-java's bare RuntimeException for an engine out of reach.
      throw DockerEngineFailure.translate(e, engine.host(), "push " + image.repository());
    }
    return new PublishedImage(image.repository(), image.digest(), List.copyOf(published), false);
  }
}

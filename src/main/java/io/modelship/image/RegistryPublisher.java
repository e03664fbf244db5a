package io.modelship.image;

import io.modelship.steplog.StepLog;
import java.util.List;

/**
 * Publishes a built image under more tags (the build id and the git SHA): a manifest PUT, no blobs.
 * Publishing what is already there is a no-op that returns the same digest. With no registry
 * configured, it reports that publishing was skipped.
 *
 * <p>Outcomes: registry 5xx, throttling and network errors throw {@link
 * io.modelship.step.TransientStepException}; refused credentials throw another exception.
 */
public interface RegistryPublisher {

  PublishedImage publish(BuiltImage image, List<String> tags, StepLog log);
}

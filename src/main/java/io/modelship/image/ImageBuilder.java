package io.modelship.image;

import io.modelship.steplog.StepLog;

/**
 * Builds an app's image with the model in a layer of its own: base image, then the model at {@code
 * model.path}, then the app's files.
 *
 * <p>With a registry configured, the image goes straight to the registry under the run-scoped tag
 * {@code run-<runId>}; otherwise it is written as an OCI image tarball into the run's folder.
 *
 * <p>Outcomes: inputs that cannot make an image (a missing file, an unknown base) throw {@link
 * io.modelship.step.BusinessOutcomeException} with {@code IMAGE_BUILD_FAILED}; registry 5xx,
 * throttling and network errors throw {@link io.modelship.step.TransientStepException}.
 */
public interface ImageBuilder {

  BuiltImage build(ImageBuildRequest request, StepLog log);
}

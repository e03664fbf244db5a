package io.modelship.step;

/**
 * The BPMN error codes that workers throw for business outcomes. The names are the codes used in
 * the BPMN files; see the table in the README.
 */
public enum ErrorCode {
  /** fetch-source: the app's {@code .modelship.yaml} is missing or invalid. */
  CONFIG_INVALID,
  /** fetch-model: no object at the model URI. */
  MODEL_NOT_FOUND,
  /** fetch-model: the model's SHA-256 differs from the expected digest. */
  MODEL_INTEGRITY,
  /** run-tests: the app's tests ran and failed. */
  TESTS_FAILED,
  /** build-image: the image could not be built from the app's inputs. */
  IMAGE_BUILD_FAILED,
  /** deploy: the rollout failed or timed out. */
  ROLLOUT_FAILED,
  /** smoke-test: the deployed app did not answer as its smoke checks expect. */
  SMOKE_FAILED
}

package io.modelship.model;

import io.modelship.steplog.StepLog;

/**
 * Fetches a trained model by URI into the local content-addressed cache.
 *
 * <p>Supported URIs: {@code azblob://ACCOUNT/CONTAINER/PATH}, {@code
 * https://ACCOUNT.blob.core.windows.net/CONTAINER/PATH}, {@code s3://BUCKET/KEY} and {@code
 * file:RELATIVE/PATH}. The model is streamed to disk and never held whole in memory.
 *
 * <p>Outcomes: a missing object throws {@link io.modelship.step.BusinessOutcomeException} with
 * {@code MODEL_NOT_FOUND}; a digest other than {@code expectedSha256} throws it with {@code
 * MODEL_INTEGRITY}; network errors, 5xx and throttling throw {@link
 * io.modelship.step.TransientStepException}; a malformed or unsafe URI throws {@link
 * IllegalArgumentException}.
 */
public interface ModelStore {

  /**
   * Fetches the model, or finds it unchanged in the cache.
   *
   * @param uri where the model lives
   * @param expectedSha256 the expected lowercase hex SHA-256, or {@code null} to accept any
   * @param log the step's log
   */
  FetchedModel fetch(String uri, String expectedSha256, StepLog log);
}

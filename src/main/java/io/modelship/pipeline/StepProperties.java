package io.modelship.pipeline;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How workers run steps.
 *
 * @param heartbeat how often a running step beats its heartbeat in the ledger and extends its job's
 *     timeout (default PT10S)
 * @param jobTimeout the timeout each extension sets (default PT5M)
 * @param staleAfter a step whose owner has not beaten its heartbeat for this long is taken over by
 *     the next delivery of its job (default PT1M)
 * @param retryBackoff the backoff before the first retry of a transient failure; it doubles with
 *     every attempt, up to PT5M (default PT5S)
 * @param instanceId who this Modelship is across restarts (see {@link StepOwner}); empty: the id
 *     kept in the data folder
 */
@ConfigurationProperties("modelship.steps")
public record StepProperties(
    Duration heartbeat,
    Duration jobTimeout,
    Duration staleAfter,
    Duration retryBackoff,
    String instanceId) {

  public StepProperties {
    heartbeat = heartbeat == null ? Duration.ofSeconds(10) : heartbeat;
    jobTimeout = jobTimeout == null ? Duration.ofMinutes(5) : jobTimeout;
    staleAfter = staleAfter == null ? Duration.ofMinutes(1) : staleAfter;
    retryBackoff = retryBackoff == null ? Duration.ofSeconds(5) : retryBackoff;
  }

  /** The backoff before the retry that follows attempt {@code attempt} (counting from 1). */
  public Duration backoffAfter(int attempt) {
    Duration backoff = retryBackoff.multipliedBy(1L << Math.min(Math.max(attempt - 1, 0), 16));
    Duration max = Duration.ofMinutes(5);
    return backoff.compareTo(max) > 0 ? max : backoff;
  }
}

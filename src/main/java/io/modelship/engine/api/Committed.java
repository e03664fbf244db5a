package io.modelship.engine.api;

import io.modelship.engine.ConditionalOnEngine;
import io.modelship.engine.EngineProperties;
import io.modelship.engine.command.UnavailableException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Waits on the request thread for a command's answer, which the writer gives once the command is
 * durable. Returning the future to Spring MVC instead costs an asynchronous redispatch: a second
 * trip through the filter chain and the dispatcher on another container thread, per request. A
 * failure is thrown as itself, so {@link EngineProblems} maps it as before.
 *
 * <p>The wait is bounded by {@code modelship.engine.command-timeout}: a writer that hangs (a disk
 * that stops answering) must not hold a request thread forever. Past it the request is answered
 * 503; the command stays queued and may still be applied, as with any request whose answer is lost.
 */
@Component
@ConditionalOnEngine
final class Committed {

  private final Duration timeout;

  @Autowired
  Committed(EngineProperties properties) {
    this(properties.commandTimeout());
  }

  Committed(Duration timeout) {
    this.timeout = timeout;
  }

  <T> T await(CompletableFuture<T> answer) {
    try {
      return answer.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new UnavailableException(
          ("Expected the engine to make the command durable within %s"
                  + " (modelship.engine.command-timeout), but it did not answer in time; the"
                  + " command may still be applied")
              .formatted(timeout));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnavailableException(
          "Expected the engine to answer, but the request was interrupted");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException("Expected the command to complete, but " + cause, cause);
    }
  }
}

package io.modelship.engine.api;

import io.modelship.engine.command.UnavailableException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Waits on the request thread for a command's answer, which the writer gives once the command is
 * durable. Returning the future to Spring MVC instead costs an asynchronous redispatch: a second
 * trip through the filter chain and the dispatcher on another container thread, per request. A
 * failure is thrown as itself, so {@link EngineProblems} maps it as before.
 */
final class Committed {

  private Committed() {}

  static <T> T await(CompletableFuture<T> answer) {
    try {
      return answer.get();
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

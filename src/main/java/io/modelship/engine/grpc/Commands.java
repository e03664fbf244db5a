package io.modelship.engine.grpc;

import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.stub.StreamObserver;
import io.modelship.engine.Engine;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Submits a gRPC command to the engine's writer and answers the call: with the command's mapped
 * result once it is committed, or with the status of its failure (see {@link Statuses}).
 */
final class Commands {

  private final Engine engine;

  Commands(Engine engine) {
    this.engine = engine;
  }

  /** Runs {@code action} on the writer; answers {@code answer} once it is committed. */
  <R> void command(StreamObserver<R> response, Runnable action, R answer) {
    run(
        response,
        () ->
            engine
                .writer()
                .submit(
                    () -> {
                      action.run();
                      return answer;
                    }),
        Function.identity());
  }

  /**
   * As {@link #command}, with the request's variables (a JSON object) read first; unreadable ones
   * answer INVALID_ARGUMENT and change nothing.
   */
  <R> void command(
      StreamObserver<R> response,
      String variablesJson,
      Consumer<Map<String, JsonNode>> action,
      R answer) {
    Map<String, JsonNode> variables;
    try {
      variables = Json.variables(variablesJson);
    } catch (RuntimeException e) {
      response.onError(Statuses.of(e));
      return;
    }
    command(response, () -> action.accept(variables), answer);
  }

  /** Submits the command and answers with its mapped result, or with the status of its failure. */
  static <T, R> void run(
      StreamObserver<R> response, Callable<CompletableFuture<T>> command, Function<T, R> result) {
    CompletableFuture<T> future;
    try {
      future = command.call();
    } catch (Exception e) {
      response.onError(Statuses.of(e));
      return;
    }
    future.whenComplete(
        (value, failure) -> {
          if (failure != null) {
            response.onError(Statuses.of(failure));
          } else {
            response.onNext(result.apply(value));
            response.onCompleted();
          }
        });
  }
}

package io.modelship.pipeline;

import io.modelship.build.CheckedOutSource;
import io.modelship.build.SourceCheckout;
import io.modelship.steplog.StepLog;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The source of a run at a commit, checked out once per process: fetch-source and fetch-model run
 * in parallel and both need the app's {@code .modelship.yaml}, and later steps need the workspace
 * again. A second caller waits for the first checkout instead of starting another into the same
 * workspace. After a restart, the first caller checks out again (the checkout is idempotent).
 */
@Component
public class RunSources {

  private final ObjectProvider<SourceCheckout> checkout;
  private final Map<String, CompletableFuture<CheckedOutSource>> sources =
      new ConcurrentHashMap<>();

  public RunSources(ObjectProvider<SourceCheckout> checkout) {
    this.checkout = checkout;
  }

  /** Checks out {@code commitSha} into the workspace {@code workspaceId}, or finds it done. */
  public CheckedOutSource checkout(
      String repositoryUrl, String commitSha, String workspaceId, StepLog log) {
    SourceCheckout source = checkout.getIfAvailable();
    if (source == null) {
      throw new IllegalStateException("Expected a SourceCheckout to be configured, but none is");
    }
    String key = workspaceId + "@" + commitSha;
    CompletableFuture<CheckedOutSource> mine = new CompletableFuture<>();
    CompletableFuture<CheckedOutSource> existing = sources.putIfAbsent(key, mine);
    if (existing != null) {
      log.append("source " + commitSha + " already checked out for this run; reusing it");
      try {
        return existing.join();
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : e;
      }
    }
    try {
      CheckedOutSource result = source.checkout(repositoryUrl, commitSha, workspaceId, log);
      mine.complete(result);
      return result;
    } catch (RuntimeException e) {
      // Forget the failure, so a retry checks out afresh.
      sources.remove(key, mine);
      mine.completeExceptionally(e);
      throw e;
    }
  }

  /** Forgets a run's checkouts once the run no longer needs them. */
  public void forget(String workspaceId) {
    sources.keySet().removeIf(k -> k.startsWith(workspaceId + "@"));
  }
}

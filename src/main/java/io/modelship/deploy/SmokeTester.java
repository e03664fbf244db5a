package io.modelship.deploy;

import io.modelship.build.AppPipelineConfig.SmokeCheck;
import io.modelship.steplog.StepLog;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs an app's smoke checks against a deployed endpoint, retrying while the app starts.
 *
 * <p>Outcomes: a check that still fails when its retries are spent throws {@link
 * io.modelship.step.BusinessOutcomeException} with {@code SMOKE_FAILED}, naming the check, what was
 * expected and what was found.
 */
public interface SmokeTester {

  /**
   * @param endpoint the deployed app
   * @param checks the app's smoke checks
   * @param source the app's files, for request bodies ({@code bodyFile})
   * @return a one-line summary, e.g. "3 of 3 checks passed"
   */
  String check(URI endpoint, List<SmokeCheck> checks, Path source, StepLog log);
}

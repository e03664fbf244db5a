package io.modelship.testing;

import io.modelship.steplog.StepLog;

/**
 * Runs an app's test command in its workspace, streaming stdout and stderr into the step log.
 *
 * <p>Outcomes: tests that fail or time out throw {@link io.modelship.step.BusinessOutcomeException}
 * with {@code TESTS_FAILED}, whose message summarises the counts; a runner that cannot start throws
 * another exception (a technical failure).
 */
public interface TestRunner {

  /** Runs the tests; returns the report when they pass. */
  TestReport run(TestRun run, StepLog log);
}

package io.modelship.testing;

import java.time.Duration;

/**
 * What a test run found. Counts are -1 when the app wrote no JUnit XML report.
 *
 * @param passed whether the command exited 0 within its timeout
 * @param exitCode the command's exit code, or -1 if it timed out
 * @param timedOut whether it was stopped at its timeout
 */
public record TestReport(
    boolean passed,
    int exitCode,
    boolean timedOut,
    int tests,
    int failures,
    int errors,
    int skipped,
    Duration duration) {

  /** A one-line summary for process variables and messages, e.g. "42 tests, 1 failure". */
  public String summary() {
    if (timedOut) {
      return "timed out after " + duration;
    }
    if (tests < 0) {
      return (passed ? "passed" : "failed") + " (exit code " + exitCode + ", no JUnit report)";
    }
    return tests
        + " tests, "
        + failures
        + " failures, "
        + errors
        + " errors, "
        + skipped
        + " skipped";
  }
}

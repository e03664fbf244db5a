package io.modelship.testing;

import io.modelship.step.BusinessOutcomeException;
import io.modelship.step.ErrorCode;
import io.modelship.steplog.StepLog;

/** What both runners do with a finished run: log the summary, and fail on failing tests. */
final class TestOutcome {

  private TestOutcome() {}

  static TestReport conclude(TestReport report, JUnitReports reports, StepLog log) {
    if (!reports.files().isEmpty()) {
      log.append("JUnit reports: " + reports.files().size() + " file(s)");
    }
    log.append("Tests " + (report.passed() ? "passed" : "failed") + ": " + report.summary());
    if (!report.passed()) {
      throw new BusinessOutcomeException(
          ErrorCode.TESTS_FAILED, "Expected the app's tests to pass, but: " + report.summary());
    }
    return report;
  }

  /** Passed means: exited 0 in time, and no report counts a failure or an error. */
  static boolean passed(int exitCode, boolean timedOut, JUnitReports reports) {
    return !timedOut && exitCode == 0 && reports.failures() <= 0 && reports.errors() <= 0;
  }
}

package io.modelship.trials;

import java.util.ArrayList;
import java.util.List;

/**
 * What one trial saw: the steps running when Modelship was killed, how the runs ended, how long the
 * killed steps took to run again after the restart, and the counts that must each be one.
 *
 * @param killedDuring the steps the API showed started just before the kill, or what the runs
 *     waited for
 * @param recoverySeconds restart to the killed step running again (its next attempt, or its end);
 *     negative when no step was running
 * @param readySeconds restart to Modelship ready (its readiness probe answering 200): the JVM and
 *     Spring starting, the part of the recovery that is not the hand-back
 * @param pushes the most manifest PUTs of any one tag of the build's image
 * @param stagingDeploys processes started for staging (all attempts of the deploy step)
 * @param productionDeploys processes started for production
 * @param buildRows ledger rows of the build
 * @param stagingRows ledger release rows of staging
 * @param productionRows ledger release rows of production
 * @param maxRecordsPerStep the most successful step records of one step
 */
record TrialResult(
    int trial,
    double waitSeconds,
    String killedDuring,
    String outcome,
    double recoverySeconds,
    double readySeconds,
    int pushes,
    int stagingDeploys,
    int productionDeploys,
    int buildRows,
    int stagingRows,
    int productionRows,
    int maxRecordsPerStep,
    List<String> problems) {

  static final String EXPECTED = "build succeeded, release released";

  /** What is wrong with the trial: a loss, a duplicate or a stuck run; empty when none. */
  static List<String> problems(
      String outcome,
      int pushes,
      int stagingDeploys,
      int productionDeploys,
      int buildRows,
      int stagingRows,
      int productionRows,
      int maxRecordsPerStep) {
    List<String> problems = new ArrayList<>();
    if (!EXPECTED.equals(outcome)) {
      problems.add("ended as '" + outcome + "', expected '" + EXPECTED + "'");
    }
    one(problems, "image pushes of a tag", pushes);
    one(problems, "staging deploys started", stagingDeploys);
    one(problems, "production deploys started", productionDeploys);
    one(problems, "ledger build rows", buildRows);
    one(problems, "ledger staging release rows", stagingRows);
    one(problems, "ledger production release rows", productionRows);
    one(problems, "successful records of a step", maxRecordsPerStep);
    return problems;
  }

  private static void one(List<String> problems, String what, int count) {
    if (count != 1) {
      problems.add(what + ": " + count + (count > 1 ? " (duplicate)" : " (lost)"));
    }
  }

  String row() {
    return String.format(
        "| %d | %.1f | %s | %s | %s | %.1f s | %d | %d / %d | %d | %d / %d | %d | %s |",
        trial,
        waitSeconds,
        killedDuring,
        outcome,
        recoverySeconds < 0 ? "-" : String.format("%.1f s", recoverySeconds),
        readySeconds,
        pushes,
        stagingDeploys,
        productionDeploys,
        buildRows,
        stagingRows,
        productionRows,
        maxRecordsPerStep,
        problems.isEmpty() ? "ok" : String.join("; ", problems));
  }

  static String header() {
    return "| trial | killed after | running when killed | outcome | recovery | ready | pushes |"
        + " deploys staging / production | build rows | release rows staging / production |"
        + " records per step | verdict |\n"
        + "|---|---|---|---|---|---|---|---|---|---|---|---|";
  }
}

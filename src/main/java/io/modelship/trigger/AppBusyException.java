package io.modelship.trigger;

/** A release was asked for an app whose release lock another live run holds. */
public class AppBusyException extends RuntimeException {

  private final String app;
  private final String runningRunId;

  public AppBusyException(String app, String runningRunId) {
    super(
        "Expected no release of '"
            + app
            + "' to be running, but run "
            + runningRunId
            + " is releasing it");
    this.app = app;
    this.runningRunId = runningRunId;
  }

  public String app() {
    return app;
  }

  public String runningRunId() {
    return runningRunId;
  }
}

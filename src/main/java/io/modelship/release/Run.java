package io.modelship.release;

import java.time.Instant;

/**
 * A run Modelship started.
 *
 * @param kind {@code build} or {@code release}
 * @param app the app, or null for a release of every app
 * @param startedBy a user name, {@code webhook:github}, {@code webhook:azure-devops} or {@code
 *     timer}
 */
public record Run(
    String runId,
    String kind,
    String app,
    Long processInstanceKey,
    String startedBy,
    Instant createdAt) {

  public static final String BUILD = "build";
  public static final String RELEASE = "release";
}

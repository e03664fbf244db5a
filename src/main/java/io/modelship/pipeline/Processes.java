package io.modelship.pipeline;

import java.util.List;

/**
 * The two processes: their ids and their files under the repository's {@code bpmn/} folder, with
 * the Camunda Forms their user tasks link to.
 */
public final class Processes {

  public static final String COMMIT_BUILD = "commit-build";
  public static final String NIGHTLY_RELEASE = "nightly-release";

  /** The BPMN files, in deployment order (the call activity's target first). */
  public static final List<String> FILES = List.of("commit-build.bpmn", "nightly-release.bpmn");

  /** The forms, deployed together with the processes (the approval task links to its form id). */
  public static final List<String> FORMS = List.of("approve-production.form");

  private Processes() {}
}

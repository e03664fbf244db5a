package io.modelship.pipeline;

import java.util.List;

/** The two processes: their ids and their files under the repository's {@code bpmn/} folder. */
public final class Processes {

  public static final String COMMIT_BUILD = "commit-build";
  public static final String NIGHTLY_RELEASE = "nightly-release";

  /** The BPMN files, in deployment order (the call activity's target first). */
  public static final List<String> FILES = List.of("commit-build.bpmn", "nightly-release.bpmn");

  private Processes() {}
}

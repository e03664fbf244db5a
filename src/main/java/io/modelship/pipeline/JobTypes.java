package io.modelship.pipeline;

import java.util.List;

/**
 * The job types of {@code bpmn/commit-build.bpmn} and {@code bpmn/nightly-release.bpmn}: one
 * {@code @JobWorker} per type. The BPMN files and the element templates use exactly these strings;
 * {@code BpmnFilesTest} checks that they match.
 */
public final class JobTypes {

  public static final String FETCH_SOURCE = "fetch-source";
  public static final String FETCH_MODEL = "fetch-model";
  public static final String RUN_TESTS = "run-tests";
  public static final String BUILD_IMAGE = "build-image";
  public static final String PUSH_IMAGE = "push-image";
  public static final String RECORD_BUILD = "record-build";
  public static final String RECORD_BUILD_FAILURE = "record-build-failure";
  public static final String SELECT_APPS = "select-apps";
  public static final String CLAIM_RELEASE_LOCK = "claim-release-lock";
  public static final String FIND_RELEASE_CANDIDATE = "find-release-candidate";
  public static final String CHECK_QUALITY_GATE = "check-quality-gate";
  public static final String DEPLOY = "deploy";
  public static final String SMOKE_TEST = "smoke-test";
  public static final String ROLLBACK = "rollback";
  public static final String RECORD_RELEASE = "record-release";
  public static final String RELEASE_LOCK = "release-lock";
  public static final String NOTIFY = "notify";

  /** Every job type, in the order the steps first appear in the two processes. */
  public static final List<String> ALL =
      List.of(
          FETCH_SOURCE,
          FETCH_MODEL,
          RUN_TESTS,
          BUILD_IMAGE,
          PUSH_IMAGE,
          RECORD_BUILD,
          RECORD_BUILD_FAILURE,
          SELECT_APPS,
          CLAIM_RELEASE_LOCK,
          FIND_RELEASE_CANDIDATE,
          CHECK_QUALITY_GATE,
          DEPLOY,
          SMOKE_TEST,
          ROLLBACK,
          RECORD_RELEASE,
          RELEASE_LOCK,
          NOTIFY);

  private JobTypes() {}
}

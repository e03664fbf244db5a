package io.modelship.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a test run needs.
 *
 * @param workspace the checked-out app; the command's working directory
 * @param command the app's test command
 * @param timeout how long the command may run
 * @param reports a glob, relative to the workspace, of JUnit XML reports; {@code null} if none
 * @param modelFile the fetched model; the tests see it as {@code MODEL_PATH}
 * @param env the app's declared environment variables
 */
public record TestRun(
    Path workspace,
    List<String> command,
    Duration timeout,
    String reports,
    Path modelFile,
    Map<String, String> env) {}

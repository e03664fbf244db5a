package io.modelship.testing;

import io.modelship.build.AppPipelineConfig;
import io.modelship.build.CheckedOutSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a test run needs.
 *
 * @param workspace the checked-out app; the command's working directory
 * @param command the app's test command
 * @param timeout how long the command may run
 * @param reports a glob, relative to the workspace, of JUnit XML reports; {@code null} if none
 * @param modelFile the fetched model on this host; the process runner passes it as {@code
 *     MODEL_PATH}
 * @param env the app's declared environment variables
 * @param image the app's base image; the container runner runs the command in it
 * @param workdir where the container runner mounts the workspace, e.g. {@code /app}
 * @param modelPath where the container runner mounts the model and points {@code MODEL_PATH}, the
 *     same path as in the app's image
 */
public record TestRun(
    Path workspace,
    List<String> command,
    Duration timeout,
    String reports,
    Path modelFile,
    Map<String, String> env,
    String image,
    String workdir,
    String modelPath) {

  /** The timeout when {@code .modelship.yaml} sets none. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

  /** The workdir when {@code .modelship.yaml} sets none. */
  public static final String DEFAULT_WORKDIR = "/app";

  public TestRun {
    Objects.requireNonNull(workspace, "workspace");
    Objects.requireNonNull(modelFile, "modelFile");
    command = List.copyOf(command);
    if (command.isEmpty()) {
      throw new IllegalArgumentException("Expected a test command, but it was empty");
    }
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    env = env == null ? Map.of() : Map.copyOf(env);
    workdir = workdir == null ? DEFAULT_WORKDIR : workdir;
  }

  /** The run that the app's {@code .modelship.yaml} asks for, with the fetched model. */
  public static TestRun of(CheckedOutSource source, Path modelFile) {
    AppPipelineConfig config = source.config();
    AppPipelineConfig.Tests test = config.test();
    AppPipelineConfig.Image image = config.image();
    return new TestRun(
        source.workspace(),
        test.command(),
        test.timeout(),
        test.reports(),
        modelFile,
        image == null ? Map.of() : image.env(),
        image == null ? null : image.base(),
        image == null ? null : image.workdir(),
        config.model().path());
  }
}

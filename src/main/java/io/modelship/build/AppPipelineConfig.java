package io.modelship.build;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * An app's pipeline file, {@code .modelship.yaml} at the root of its repository, once read and
 * validated. The fields are fixed by the design; the README documents them. Optional fields are
 * {@code null} when absent; lists and maps are never null.
 */
public record AppPipelineConfig(
    String app,
    String releaseBranch,
    Model model,
    Tests test,
    Image image,
    Deploy deploy,
    List<SmokeCheck> smoke,
    QualityConfig quality,
    AppNotifications notifications) {

  public AppPipelineConfig {
    smoke = smoke == null ? List.of() : List.copyOf(smoke);
    quality = quality == null ? QualityConfig.none() : quality;
    notifications = notifications == null ? AppNotifications.NONE : notifications;
  }

  /** A file without a {@code quality} or a {@code notifications} section. */
  public AppPipelineConfig(
      String app,
      String releaseBranch,
      Model model,
      Tests test,
      Image image,
      Deploy deploy,
      List<SmokeCheck> smoke) {
    this(app, releaseBranch, model, test, image, deploy, smoke, null, null);
  }

  /** The file's name at the repository root. */
  public static final String FILE_NAME = ".modelship.yaml";

  /**
   * The trained model: where it is fetched from, its expected digest, and where it lives in the
   * image ({@code MODEL_PATH} points there).
   */
  public record Model(String uri, String sha256, String path) {}

  /** The app's test command, run in the workspace, and where it writes JUnit XML reports. */
  public record Tests(List<String> command, Duration timeout, String reports) {
    public Tests {
      command = command == null ? List.of() : List.copyOf(command);
    }
  }

  /** How the image is made: base image, files copied into the workdir, and runtime settings. */
  public record Image(
      String base,
      String workdir,
      List<String> files,
      List<String> entrypoint,
      int port,
      Map<String, String> env,
      String dockerfile) {
    public Image {
      files = files == null ? List.of() : List.copyOf(files);
      entrypoint = entrypoint == null ? List.of() : List.copyOf(entrypoint);
      env = env == null ? Map.of() : Map.copyOf(env);
    }
  }

  /** The app's Kubernetes manifests (Deployment and Service), relative to the repository root. */
  public record Deploy(String manifests) {}

  /**
   * One smoke check: a request against the deployed app and what its answer must be. Either {@code
   * bodyContains} or {@code jsonPath} (a path that must resolve) may be given, or neither.
   */
  public record SmokeCheck(
      String method,
      String path,
      String bodyFile,
      int status,
      String bodyContains,
      String jsonPath) {}
}

package io.modelship.image;

import io.modelship.build.AppPipelineConfig;
import io.modelship.step.BusinessOutcomeException;
import io.modelship.step.ErrorCode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What an image built from a request is, whatever builds it: its name and run-scoped tag, its
 * labels, and its runtime settings. The same request gives the same spec.
 *
 * @param repository the image repository, {@code host/namespace/app}, or the app's name without a
 *     registry
 * @param tag {@code run-<runId>}
 * @param base the base image reference from the app's config
 * @param labels OCI labels (revision, source, created) and Modelship's model labels
 * @param environment the app's environment plus {@code MODEL_PATH}
 * @param entrypoint the entrypoint; empty keeps the base image's
 * @param port the exposed TCP port, 0 for none
 * @param workdir where the app's files go and the working directory
 * @param modelPath where the model file lives in the image
 */
public record ImageSpec(
    String repository,
    String tag,
    String base,
    Map<String, String> labels,
    Map<String, String> environment,
    List<String> entrypoint,
    int port,
    String workdir,
    String modelPath) {

  public static final String LABEL_REVISION = "org.opencontainers.image.revision";
  public static final String LABEL_SOURCE = "org.opencontainers.image.source";
  public static final String LABEL_CREATED = "org.opencontainers.image.created";
  public static final String LABEL_APP = "io.modelship.app";
  public static final String LABEL_MODEL_URI = "io.modelship.model.uri";
  public static final String LABEL_MODEL_SHA256 = "io.modelship.model.sha256";
  public static final String LABEL_MODEL_METRIC_PREFIX = "io.modelship.model.metric.";
  public static final String MODEL_PATH_ENV = "MODEL_PATH";
  public static final String DEFAULT_WORKDIR = "/app";

  /** An OCI tag: at most 128 characters, starting with a word character. */
  static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");

  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  /**
   * The spec of the image a request builds.
   *
   * @throws BusinessOutcomeException {@code IMAGE_BUILD_FAILED} when the app's config cannot make
   *     an image (no base, a relative model path, a port out of range)
   */
  public static ImageSpec of(ImageBuildRequest request, RegistryProperties registry) {
    AppPipelineConfig config = Objects.requireNonNull(request.config(), "config");
    AppPipelineConfig.Image image = config.image();
    if (image == null || image.base() == null || image.base().isBlank()) {
      throw failed("Expected image.base in .modelship.yaml, but it is missing");
    }
    if (config.model() == null || config.model().path() == null) {
      throw failed("Expected model.path in .modelship.yaml, but it is missing");
    }
    String modelPath = config.model().path();
    if (!modelPath.startsWith("/") || modelPath.endsWith("/") || modelPath.contains("/../")) {
      throw failed(
          "Expected model.path to be an absolute file path in the image, but it was '"
              + modelPath
              + "'");
    }
    if (image.port() < 0 || image.port() > 65535) {
      throw failed("Expected image.port to be within 1..65535, but it was " + image.port());
    }
    if (request.modelSha256() == null || !SHA256.matcher(request.modelSha256()).matches()) {
      throw new IllegalArgumentException(
          "Expected the model's SHA-256 as 64 hex digits, but it was '"
              + request.modelSha256()
              + "'");
    }
    String tag = "run-" + request.runId();
    if (!TAG.matcher(tag).matches()) {
      throw new IllegalArgumentException(
          "Expected the run id to make a valid tag, but '" + tag + "' is not one");
    }
    String workdir = image.workdir() == null ? DEFAULT_WORKDIR : image.workdir();
    if (!workdir.startsWith("/")) {
      throw failed("Expected image.workdir to be absolute, but it was '" + workdir + "'");
    }

    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(LABEL_REVISION, request.gitSha());
    if (request.sourceUrl() != null) {
      labels.put(LABEL_SOURCE, withoutSecrets(request.sourceUrl()));
    }
    labels.put(LABEL_CREATED, request.commitTime().toString());
    labels.put(LABEL_APP, config.app());
    labels.put(LABEL_MODEL_URI, withoutSecrets(request.modelUri()));
    labels.put(LABEL_MODEL_SHA256, request.modelSha256());
    // Beside the digest, so that the image says how good its model is; labels are in the config
    // blob, so they cost no layer upload.
    request
        .metrics()
        .values()
        .forEach((name, value) -> labels.put(LABEL_MODEL_METRIC_PREFIX + name, value.toString()));

    Map<String, String> environment = new LinkedHashMap<>(image.env());
    environment.put(MODEL_PATH_ENV, modelPath);

    String repository = registry.enabled() ? registry.repository(config.app()) : config.app();
    return new ImageSpec(
        repository,
        tag,
        image.base().strip(),
        Map.copyOf(labels),
        Map.copyOf(environment),
        List.copyOf(image.entrypoint() == null ? List.of() : image.entrypoint()),
        image.port(),
        workdir,
        modelPath);
  }

  /**
   * A URI as a label may show it: without user info, query or fragment, where SAS tokens and
   * passwords would hide.
   */
  static String withoutSecrets(String uri) {
    if (uri == null) {
      return "";
    }
    try {
      URI parsed = new URI(uri);
      if (parsed.getScheme() == null) {
        return parsed.getRawPath();
      }
      if (parsed.isOpaque()) {
        return parsed.getScheme() + ":" + parsed.getRawSchemeSpecificPart().split("\\?")[0];
      }
      String authority = parsed.getRawAuthority() == null ? "" : parsed.getRawAuthority();
      authority = authority.substring(authority.lastIndexOf('@') + 1);
      String path = parsed.getRawPath() == null ? "" : parsed.getRawPath();
      return parsed.getScheme() + "://" + authority + path;
    } catch (URISyntaxException e) {
      int cut = uri.indexOf('?');
      String withoutQuery = cut < 0 ? uri : uri.substring(0, cut);
      return withoutQuery.replaceFirst("^([A-Za-z][A-Za-z0-9+.-]*://)[^/]*@", "$1");
    }
  }

  private static BusinessOutcomeException failed(String message) {
    return new BusinessOutcomeException(ErrorCode.IMAGE_BUILD_FAILED, message);
  }
}

package io.modelship.image;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.AuthConfigurations;
import com.github.dockerjava.api.model.BuildResponseItem;
import com.github.dockerjava.api.model.PushResponseItem;
import io.modelship.step.BusinessOutcomeException;
import io.modelship.step.ErrorCode;
import io.modelship.step.TransientStepException;
import io.modelship.steplog.StepLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Builds the app's own Dockerfile on a Docker engine (docker-java, the engine's classic builder),
 * with the same labels as the Jib builder. The model is put into the build context at {@code
 * .modelship/model/<sha256>/<name>} and handed to the Dockerfile as build arguments: {@code
 * MODEL_FILE} (its path in the context), {@code MODEL_PATH} and {@code BASE} (from {@code
 * image.base}). The Dockerfile should copy the model before the app's files, so that it stays in a
 * layer of its own.
 *
 * <p>With a registry configured, the image is pushed under {@code run-<runId>} and its digest is
 * the registry's manifest digest; otherwise it is written with {@code docker save} to {@code
 * <outputDirectory>/<runId>/image.tar} and its digest is the engine's image id.
 */
public class DockerImageBuilder implements ImageBuilder {

  private static final long BUILD_MINUTES = 60;

  private final DockerEngineProperties engine;
  private final RegistryProperties registry;
  private final DockerImageBuilderProperties properties;
  private final UnaryOperator<String> environment;

  public DockerImageBuilder(
      DockerEngineProperties engine,
      RegistryProperties registry,
      DockerImageBuilderProperties properties,
      UnaryOperator<String> environment) {
    this.engine = engine;
    this.registry = registry;
    this.properties = properties;
    this.environment = environment;
  }

  @Override
  public BuiltImage build(ImageBuildRequest request, StepLog log) {
    ImageSpec spec = ImageSpec.of(request, registry);
    String dockerfileName = request.config().image().dockerfile();
    Path workspace = request.workspace().toAbsolutePath().normalize();
    Path dockerfile = workspace.resolve(dockerfileName == null ? "Dockerfile" : dockerfileName);
    if (!dockerfile.normalize().startsWith(workspace) || !Files.isRegularFile(dockerfile)) {
      throw new BusinessOutcomeException(
          ErrorCode.IMAGE_BUILD_FAILED,
          "Expected the Dockerfile image.dockerfile='"
              + dockerfileName
              + "' in the app's repository, but it is missing");
    }
    String modelName = spec.modelPath().substring(spec.modelPath().lastIndexOf('/') + 1);
    Path staged =
        StagedModel.stage(
            workspace.resolve(".modelship/model"),
            request.modelFile(),
            request.modelSha256(),
            modelName);
    String modelInContext = workspace.relativize(staged).toString().replace('\\', '/');
    Optional<RegistryCredentials> credentials =
        registry.enabled() ? RegistryCredentials.resolve(registry, environment) : Optional.empty();
    String target = spec.repository() + ":" + spec.tag();

    try (DockerClient docker = engine.connect()) {
      log.append(
          "Building " + target + " from " + dockerfile.getFileName() + " on the Docker engine");
      DockerProgress<BuildResponseItem> build = new DockerProgress<>(log);
      var command =
          docker
              .buildImageCmd()
              .withBaseDirectory(workspace.toFile())
              .withDockerfile(dockerfile.toFile())
              .withTags(Set.of(target))
              .withLabels(spec.labels())
              .withBuildArg("MODEL_FILE", modelInContext)
              .withBuildArg("MODEL_PATH", spec.modelPath())
              .withBuildArg("BASE", spec.base())
              .withPull(false)
              .withRemove(true);
      credentials.ifPresent(
          c -> {
            AuthConfigurations auths = new AuthConfigurations();
            auths.addConfig(auth(registry.host(), c));
            command.withBuildAuthConfigs(auths);
          });
      command.exec(build);
      await(build, "build");
      if (build.error() != null) {
        throw new BusinessOutcomeException(
            ErrorCode.IMAGE_BUILD_FAILED,
            "Expected the app's Dockerfile to build, but the engine said: " + build.error());
      }
      String imageId = docker.inspectImageCmd(target).exec().getId();
      if (!registry.enabled()) {
        Path tarball = save(docker, target, request.runId());
        log.append("Built " + target + " as " + imageId + ", saved to " + tarball);
        return new BuiltImage(spec.repository(), spec.tag(), imageId, tarball);
      }
      String digest = push(docker, spec.repository(), spec.tag(), credentials, log);
      log.append("Built " + target + " as " + digest + ", pushed to " + registry.host());
      return new BuiltImage(spec.repository(), spec.tag(), digest, null);
    } catch (IOException e) {
      throw new TransientStepException("Expected to reach the Docker engine, but " + e, e);
    } catch (RuntimeException e) {
      // The engine's answers, and docker-java's bare RuntimeException for an engine out of reach.
      throw DockerEngineFailure.translate(e, engine.host(), "build " + target);
    }
  }

  private Path save(DockerClient docker, String target, String runId) {
    try {
      Path dir = properties.outputDirectory().toAbsolutePath().resolve(runId);
      Files.createDirectories(dir);
      Path partial = dir.resolve("image.tar.partial");
      try (InputStream tar = docker.saveImageCmd(target).exec()) {
        Files.copy(tar, partial, StandardCopyOption.REPLACE_EXISTING);
      }
      Path tarball = dir.resolve("image.tar");
      Files.move(
          partial, tarball, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return tarball;
    } catch (IOException e) {
      throw new UncheckedIOException("Expected to save the image, but " + e, e);
    }
  }

  /** Pushes one tag and returns the registry's manifest digest. Shared with the publisher. */
  static String push(
      DockerClient docker,
      String repository,
      String tag,
      Optional<RegistryCredentials> credentials,
      StepLog log) {
    DockerProgress<PushResponseItem> push = new DockerProgress<>(log);
    var command = docker.pushImageCmd(repository).withTag(tag);
    credentials.ifPresent(
        c -> command.withAuthConfig(auth(repository.substring(0, repository.indexOf('/')), c)));
    command.exec(push);
    await(push, "push");
    if (push.error() != null) {
      String error = push.error();
      String lower = error.toLowerCase();
      if (lower.contains("unauthorized")
          || lower.contains("authentication required")
          || lower.contains("denied")) {
        throw new RegistryAuthenticationException(
            "Expected the registry to accept the configured credentials for "
                + repository
                + ", but the engine reported: "
                + error);
      }
      throw new TransientStepException(
          "Expected to push " + repository + ":" + tag + ", but the engine reported: " + error);
    }
    if (push.digest() == null) {
      throw new IllegalStateException(
          "Expected the engine to report the digest of "
              + repository
              + ":"
              + tag
              + ", but it"
              + " did not");
    }
    return push.digest();
  }

  static AuthConfig auth(String registryHost, RegistryCredentials credentials) {
    return new AuthConfig()
        .withRegistryAddress(registryHost)
        .withUsername(credentials.username())
        .withPassword(credentials.password());
  }

  private static void await(DockerProgress<?> progress, String what) {
    try {
      if (!progress.await(BUILD_MINUTES)) {
        throw new TransientStepException(
            "Expected the Docker " + what + " to end within " + BUILD_MINUTES + " minutes");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransientStepException("Interrupted during the Docker " + what, e);
    }
  }
}

package io.modelship.image;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.Port;
import io.modelship.step.BusinessOutcomeException;
import io.modelship.step.ErrorCode;
import io.modelship.steplog.StepLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * Builds images without a Docker engine, with Google's Jib: the base image from the app's config,
 * then the model file in a layer of its own at {@code model.path}, then the app's files in the
 * workdir. Reproducible: the same request gives the same digest, whatever the caches hold (entries
 * carry fixed times and permissions; the image's creation time is the commit time).
 *
 * <p>With a registry configured, the image is pushed straight to it under {@code run-<runId>}; Jib
 * uploads only the blobs the registry lacks, so a code-only change uploads no model blob. Without
 * one, it is written as an OCI image tarball to {@code <outputDirectory>/<runId>/image.tar}.
 * Building again for the same run (a re-delivered job) gives the same digest and uploads nothing.
 */
public class JibImageBuilder implements ImageBuilder {

  private static final String TARBALL = "image.tar";

  private final RegistryProperties registry;
  private final JibImageBuilderProperties properties;
  private final UnaryOperator<String> environment;

  public JibImageBuilder(
      RegistryProperties registry,
      JibImageBuilderProperties properties,
      UnaryOperator<String> environment) {
    this.registry = registry;
    this.properties = properties;
    this.environment = environment;
  }

  @Override
  public BuiltImage build(ImageBuildRequest request, StepLog log) {
    ImageSpec spec = ImageSpec.of(request, registry);
    Optional<RegistryCredentials> credentials =
        registry.enabled() ? RegistryCredentials.resolve(registry, environment) : Optional.empty();
    Path cache = properties.cacheDirectory().toAbsolutePath();
    Path model =
        StagedModel.stage(
            cache.resolve("models"),
            request.modelFile(),
            request.modelSha256(),
            spec.modelPath().substring(spec.modelPath().lastIndexOf('/') + 1));

    JibContainerBuilder builder =
        base(spec, request.workspace(), credentials)
            .setFormat(ImageFormat.OCI)
            .setCreationTime(request.commitTime())
            .setLabels(spec.labels())
            .setEnvironment(spec.environment())
            .setWorkingDirectory(AbsoluteUnixPath.get(spec.workdir()))
            .addFileEntriesLayer(modelLayer(model, spec))
            .addFileEntriesLayer(AppFilesLayer.of(request.workspace(), request.config(), spec));
    if (!spec.entrypoint().isEmpty()) {
      builder.setEntrypoint(spec.entrypoint());
    }
    if (spec.port() > 0) {
      builder.setExposedPorts(Set.of(Port.tcp(spec.port())));
    }

    String target = spec.repository() + ":" + spec.tag();
    Path tarball = null;
    Path partial = null;
    Containerizer containerizer;
    try {
      if (registry.enabled()) {
        RegistryImage image = RegistryImage.named(target);
        credentials.ifPresent(c -> image.addCredential(c.username(), c.password()));
        containerizer = Containerizer.to(image);
      } else {
        Path dir = properties.outputDirectory().toAbsolutePath().resolve(request.runId());
        Files.createDirectories(dir);
        tarball = dir.resolve(TARBALL);
        partial = dir.resolve(TARBALL + ".partial");
        containerizer = Containerizer.to(TarImage.at(partial).named(target));
      }
    } catch (InvalidImageReferenceException e) {
      throw new IllegalStateException(
          "Expected '" + target + "' to be a valid image reference, but " + e.getMessage(), e);
    } catch (IOException e) {
      throw new IllegalStateException("Expected to create the run's image folder, but " + e, e);
    }
    // Our own executor, so that no Jib thread still writes to the cache when build() returns
    // (after a failure too): the next attempt may start at once.
    ExecutorService executor = Executors.newCachedThreadPool();
    containerizer
        .setExecutorService(executor)
        .setAllowInsecureRegistries(registry.insecure())
        .setBaseImageLayersCache(cache.resolve("base"))
        .setApplicationLayersCache(cache.resolve("layers"))
        .setToolName("modelship")
        .addEventHandler(LogEvent.class, event -> logJibEvent(event, log));

    log.append("Building " + target + " from " + spec.base() + " with Jib");
    JibContainer container;
    try {
      container = builder.containerize(containerizer);
      if (partial != null) {
        Files.move(
            partial, tarball, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw JibFailure.translate(e, spec, cache);
    } finally {
      stop(executor);
    }
    String digest = container.getDigest().toString();
    log.append(
        "Built "
            + target
            + " as "
            + digest
            + (tarball != null ? ", written to " + tarball : ", pushed to " + registry.host()));
    return new BuiltImage(spec.repository(), spec.tag(), digest, tarball);
  }

  private JibContainerBuilder base(
      ImageSpec spec, Path workspace, Optional<RegistryCredentials> credentials) {
    String base = spec.base();
    try {
      if (base.equals("scratch")) {
        return Jib.fromScratch();
      }
      if (base.startsWith("docker://")) {
        throw new BusinessOutcomeException(
            ErrorCode.IMAGE_BUILD_FAILED,
            "Expected image.base to be a registry reference or tar://PATH for the Jib builder, but"
                + " it was '"
                + base
                + "', which needs a Docker engine");
      }
      if (base.startsWith("tar://")) {
        Path tar = workspace.resolve(base.substring("tar://".length()));
        if (!Files.isRegularFile(tar)) {
          throw new BusinessOutcomeException(
              ErrorCode.IMAGE_BUILD_FAILED,
              "Expected the base image tarball " + tar + ", but there is no such file");
        }
        return Jib.from(TarImage.at(tar));
      }
      ImageReference reference = ImageReference.parse(base);
      RegistryImage image = RegistryImage.named(reference);
      // Our credentials go only to our own registry.
      if (registry.enabled() && reference.getRegistry().equals(registry.host())) {
        credentials.ifPresent(c -> image.addCredential(c.username(), c.password()));
      }
      return Jib.from(image);
    } catch (InvalidImageReferenceException e) {
      throw new BusinessOutcomeException(
          ErrorCode.IMAGE_BUILD_FAILED,
          "Expected image.base to be an image reference, but '" + base + "' is not one");
    }
  }

  private static FileEntriesLayer modelLayer(Path stagedModel, ImageSpec spec) {
    return FileEntriesLayer.builder()
        .setName("model")
        .addEntry(
            stagedModel,
            AbsoluteUnixPath.get(spec.modelPath()),
            FilePermissions.fromOctalString("644"),
            FileEntriesLayer.DEFAULT_MODIFICATION_TIME)
        .build();
  }

  private static void stop(ExecutorService executor) {
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException(
            "Expected Jib's threads to stop within 60 s, but they did not");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void logJibEvent(LogEvent event, StepLog log) {
    switch (event.getLevel()) {
      case ERROR, WARN, LIFECYCLE, INFO ->
          log.append("jib " + event.getLevel().name().toLowerCase() + ": " + event.getMessage());
      default -> {
        // PROGRESS and DEBUG: too chatty for a step log.
      }
    }
  }
}

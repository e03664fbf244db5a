package io.modelship.deploy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.PullResponseItem;
import io.modelship.image.OciArchive;
import io.modelship.image.PublishedImage;
import io.modelship.image.RegistryCredentials;
import io.modelship.step.TransientStepException;
import io.modelship.steplog.StepLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Gets a pinned image into the local engine: pulled by digest from its registry, or loaded from a
 * tarball ({@code oci-archive:PATH@sha256:...}). Either way it is done once: an image the engine
 * already has is used as it is.
 */
final class LocalImage {

  private LocalImage() {}

  /**
   * @return the engine's image id
   */
  static String ensure(
      DockerClient docker,
      String pinned,
      String registryHost,
      Optional<RegistryCredentials> credentials,
      StepLog log) {
    int at = pinned.lastIndexOf('@');
    if (at < 0) {
      throw new IllegalArgumentException(
          "Expected an image pinned by digest (name@sha256:...), but got '" + pinned + "'");
    }
    String name = pinned.substring(0, at);
    String digest = pinned.substring(at + 1);
    if (name.startsWith(PublishedImage.ARCHIVE_PREFIX)) {
      return load(
          docker, Path.of(name.substring(PublishedImage.ARCHIVE_PREFIX.length())), digest, log);
    }
    Optional<String> present = inspect(docker, pinned);
    if (present.isPresent()) {
      return present.get();
    }
    log.append("Pulling " + pinned);
    var pull = docker.pullImageCmd(name).withTag(digest);
    if (registryHost != null && name.startsWith(registryHost + "/")) {
      credentials.ifPresent(
          c ->
              pull.withAuthConfig(
                  new com.github.dockerjava.api.model.AuthConfig()
                      .withRegistryAddress(registryHost)
                      .withUsername(c.username())
                      .withPassword(c.password())));
    }
    AtomicReference<String> error = new AtomicReference<>();
    try {
      pull.exec(
              new ResultCallback.Adapter<PullResponseItem>() {
                @Override
                public void onNext(PullResponseItem item) {
                  if (item.isErrorIndicated()) {
                    error.compareAndSet(null, item.getError());
                  }
                }
              })
          .awaitCompletion(30, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransientStepException("Interrupted while pulling " + pinned, e);
    } catch (RuntimeException e) {
      throw new TransientStepException("Expected to pull " + pinned + ", but " + e.getMessage(), e);
    }
    if (error.get() != null) {
      throw new TransientStepException(
          "Expected to pull " + pinned + ", but the engine reported: " + error.get());
    }
    return inspect(docker, pinned)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "Expected the engine to hold "
                        + pinned
                        + " after"
                        + " pulling it, but it does not"));
  }

  private static String load(DockerClient docker, Path tarball, String digest, StepLog log) {
    if (!Files.isRegularFile(tarball)) {
      throw new IllegalStateException(
          "Expected the image tarball " + tarball + ", but there is no such file");
    }
    try {
      if (!hasEntry(tarball, "index.json")) {
        // A `docker save` tarball (the Docker builder's): its "digest" is the image id.
        if (inspect(docker, digest).isEmpty()) {
          log.append("Loading " + tarball);
          try (InputStream in = Files.newInputStream(tarball)) {
            docker.loadImageCmd(in).exec();
          }
        }
        return inspect(docker, digest)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "Expected "
                            + tarball
                            + " to hold the image "
                            + digest
                            + ", but it does not"));
      }
      OciArchive archive = OciArchive.open(tarball);
      if (!archive.manifestDigest().equals(digest)) {
        throw new IllegalStateException(
            "Expected "
                + tarball
                + " to hold "
                + digest
                + ", but it holds "
                + archive.manifestDigest());
      }
      String tag = "modelship-local/image:" + digest.substring("sha256:".length(), 7 + 32);
      Optional<String> present = inspect(docker, tag);
      if (present.isPresent()) {
        return present.get();
      }
      log.append("Loading " + tarball);
      loadStreaming(docker, archive, tag);
      return inspect(docker, tag)
          .orElseThrow(() -> new IllegalStateException("Expected " + tag + " after loading"));
    } catch (IOException e) {
      throw new UncheckedIOException("Expected to load " + tarball + ", but " + e, e);
    }
  }

  /** Streams the archive in docker-load form to the engine, without a second copy on disk. */
  private static void loadStreaming(DockerClient docker, OciArchive archive, String tag)
      throws IOException {
    PipedInputStream in = new PipedInputStream(1 << 20);
    PipedOutputStream out = new PipedOutputStream(in);
    AtomicReference<IOException> failure = new AtomicReference<>();
    Thread writer =
        new Thread(
            () -> {
              try (out) {
                archive.writeDockerLoadable(out, tag);
              } catch (IOException e) {
                failure.set(e);
              }
            },
            "oci-archive-load");
    writer.start();
    try (in) {
      docker.loadImageCmd(in).exec();
    } finally {
      try {
        writer.join(TimeUnit.MINUTES.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (failure.get() != null) {
      throw failure.get();
    }
  }

  private static boolean hasEntry(Path tarball, String name) throws IOException {
    try (InputStream file = Files.newInputStream(tarball);
        TarArchiveInputStream tar = new TarArchiveInputStream(file)) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        if (entry.getName().equals(name)) {
          return true;
        }
      }
    }
    return false;
  }

  private static Optional<String> inspect(DockerClient docker, String reference) {
    try {
      return Optional.of(docker.inspectImageCmd(reference).exec().getId());
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }
}

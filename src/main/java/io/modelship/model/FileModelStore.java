package io.modelship.model;

import io.modelship.model.ModelLocation.Kind;
import io.modelship.step.BusinessOutcomeException;
import io.modelship.step.ErrorCode;
import io.modelship.steplog.StepLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Models under a local folder, for local runs: {@code file:RELATIVE/PATH} is resolved against the
 * configured root, and refused if it (or a symbolic link on the way) leads outside it. The change
 * token is the file's size, modification time and file key, so an unchanged file is not copied
 * again.
 */
public final class FileModelStore implements ModelStore, ModelSource {

  private final Path root;
  private final ModelCache cache;

  public FileModelStore(Path root, ModelCache cache) {
    this.root = root.toAbsolutePath().normalize();
    this.cache = cache;
  }

  @Override
  public FetchedModel fetch(String uri, String expectedSha256, StepLog log) {
    ModelLocation location = ModelLocation.parse(uri);
    if (location.kind() != Kind.FILE) {
      throw new InvalidModelUriException(
          "Expected a file:RELATIVE/PATH model URI, but got a " + location.kind() + " URI");
    }
    return cache.fetch(location, expectedSha256, log, this);
  }

  @Override
  public ObjectVersion head(ModelLocation location) {
    Path file = resolve(location);
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      if (!attributes.isRegularFile()) {
        throw notFound(location);
      }
      return new ObjectVersion(
          attributes.size()
              + "-"
              + attributes.lastModifiedTime().toMillis()
              + "-"
              + attributes.fileKey(),
          attributes.size());
    } catch (NoSuchFileException e) {
      throw notFound(location);
    } catch (IOException e) {
      throw new UncheckedIOException("Expected to read " + location.uri() + ", but failed", e);
    }
  }

  @Override
  public String download(ModelLocation location, ObjectVersion version, Path target) {
    MessageDigest digest = ModelCache.newDigest();
    try (InputStream in = new DigestInputStream(Files.newInputStream(resolve(location)), digest)) {
      Files.copy(in, target);
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchFileException e) {
      throw notFound(location);
    } catch (IOException e) {
      throw new UncheckedIOException("Expected to copy " + location.uri() + ", but failed", e);
    }
  }

  private Path resolve(ModelLocation location) {
    Path file = root.resolve(location.path()).normalize();
    if (!file.startsWith(root)) {
      throw outside(location);
    }
    if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      try {
        // A symbolic link inside the root may point anywhere; only the real path counts.
        if (!file.toRealPath().startsWith(root.toRealPath())) {
          throw outside(location);
        }
      } catch (IOException e) {
        throw notFound(location);
      }
    }
    return file;
  }

  private InvalidModelUriException outside(ModelLocation location) {
    return new InvalidModelUriException(
        "Expected model "
            + location.uri()
            + " to stay inside modelship.models.file.root, but it leads outside it");
  }

  private BusinessOutcomeException notFound(ModelLocation location) {
    return new BusinessOutcomeException(
        ErrorCode.MODEL_NOT_FOUND,
        "Expected a model file at "
            + location.uri()
            + " (under modelship.models.file.root), but there is none");
  }
}

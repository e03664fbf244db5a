package io.modelship.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

/**
 * The model file at a stable path, {@code <root>/<sha256>/<name>}, with a modification time derived
 * from its SHA-256. Jib's layer cache keys on a source file's path, modification time and
 * permissions, not on its content: a freshly fetched model in a new run folder would be re-tarred
 * and re-compressed on every build. Staged here, the same model is the same cache entry, and its
 * layer keeps its digest.
 *
 * <p>The file is hard-linked when it can be (no copy of a large model), else copied. The caller
 * vouches that {@code sha256} is the file's digest (fetch-model computes it from the bytes).
 */
final class StagedModel {

  private StagedModel() {}

  /** A stable time in 2001..2137 derived from the digest; never "now". */
  static Instant modificationTime(String sha256) {
    long seconds = HexFormat.fromHexDigits(sha256, 0, 8) & 0xFFFFFFFFL;
    return Instant.ofEpochSecond(1_000_000_000L + seconds);
  }

  /**
   * Puts {@code model} at its stable path, unless a file of the same size is already there.
   *
   * @return the stable path
   */
  static Path stage(Path root, Path model, String sha256, String fileName) {
    try {
      Path dir = root.resolve(sha256);
      Path staged = dir.resolve(fileName);
      long size = Files.size(model);
      if (!Files.isRegularFile(staged) || Files.size(staged) != size) {
        Files.createDirectories(dir);
        Path partial = dir.resolve(fileName + "." + UUID.randomUUID() + ".partial");
        try {
          Files.createLink(partial, model);
        } catch (FileSystemException | UnsupportedOperationException e) {
          // Another file system, or no hard links: copy.
          Files.copy(model, partial, StandardCopyOption.COPY_ATTRIBUTES);
        }
        Files.move(
            partial, staged, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }
      Files.setLastModifiedTime(staged, FileTime.from(modificationTime(sha256)));
      return staged;
    } catch (IOException e) {
      throw new UncheckedIOException("Expected to stage the model under " + root + ", but " + e, e);
    }
  }
}

package io.modelship.model;

import io.modelship.step.BusinessOutcomeException;
import io.modelship.step.ErrorCode;
import io.modelship.step.TransientStepException;
import io.modelship.steplog.StepLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/**
 * The local, content-addressed model cache: {@code ROOT/objects/SHA256} holds each content once,
 * and {@code ROOT/index/SHA256_OF_URI.properties} maps a URI to the change token (ETag) and digest
 * it had when last fetched. A fetch asks the source for the object's current version first; when
 * the token is the one indexed and the content is present, no content moves at all.
 *
 * <p>Files appear by atomic rename, so a crash or a concurrent fetch of the same model never leaves
 * a half-written object or index entry. The SHA-256 is always computed by Modelship from the bytes
 * written, never taken from the store.
 */
public final class ModelCache {

  private static final int BUFFER = 1 << 16;

  private final Path objects;
  private final Path index;
  private final Path incoming;

  public ModelCache(Path root) {
    Path base = root.toAbsolutePath().normalize();
    this.objects = base.resolve("objects");
    this.index = base.resolve("index");
    this.incoming = base.resolve("incoming");
  }

  /** Fetches through {@code source}, or finds the unchanged model here. */
  FetchedModel fetch(
      ModelLocation location, String expectedSha256, StepLog log, ModelSource source) {
    ObjectVersion version = source.head(location);
    Optional<FetchedModel> cached = lookup(location.uri(), version);
    if (cached.isPresent()) {
      FetchedModel hit = cached.get();
      log.append(
          "Model "
              + location.uri()
              + " is unchanged (ETag "
              + version.changeToken()
              + "); using the cached copy, sha256 "
              + hit.sha256());
      requireDigest(location, expectedSha256, hit.sha256());
      return hit;
    }
    log.append(
        "Fetching model "
            + location.uri()
            + " ("
            + version.size()
            + " bytes, ETag "
            + version.changeToken()
            + ")");
    Path temp = newIncomingFile();
    try {
      long start = System.nanoTime();
      String sha256 = source.download(location, version, temp);
      double seconds = Math.max(1e-9, (System.nanoTime() - start) / 1e9);
      long size = Files.size(temp);
      if (size != version.size()) {
        throw new TransientStepException(
            "Expected "
                + version.size()
                + " bytes of model "
                + location.uri()
                + ", but received "
                + size
                + "; it may have changed during the fetch");
      }
      log.append(
          String.format(
              Locale.ROOT,
              "Fetched %d bytes in %.2f s (%.1f MB/s), sha256 %s",
              size,
              seconds,
              size / seconds / 1e6,
              sha256));
      requireDigest(location, expectedSha256, sha256);
      Path object = objects.resolve(sha256);
      moveAtomically(temp, object);
      writeIndex(location.uri(), version, sha256);
      return new FetchedModel(location.uri(), object, sha256, size, size);
    } catch (IOException e) {
      throw writeFailed(incoming, e);
    } finally {
      deleteQuietly(temp);
    }
  }

  /** The cached model when the URI's indexed version equals {@code version}. */
  Optional<FetchedModel> lookup(String uri, ObjectVersion version) {
    Path entry = indexEntry(uri);
    if (!Files.isRegularFile(entry)) {
      return Optional.empty();
    }
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(entry)) {
      properties.load(in);
    } catch (IOException e) {
      return Optional.empty();
    }
    String sha256 = properties.getProperty("sha256", "");
    if (!uri.equals(properties.getProperty("uri"))
        || !version.changeToken().equals(properties.getProperty("changeToken"))
        || !sha256.matches("[0-9a-f]{64}")) {
      return Optional.empty();
    }
    Path object = objects.resolve(sha256);
    try {
      if (!Files.isRegularFile(object) || Files.size(object) != version.size()) {
        return Optional.empty();
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.of(new FetchedModel(uri, object, sha256, version.size(), 0));
  }

  /**
   * A write into the cache failed, most often because its disk is full: worth retrying once space
   * is back, so transient; the message names the folder and the disk's own words.
   */
  static TransientStepException writeFailed(Path folder, IOException e) {
    return new TransientStepException(
        "Expected to write the model into the model cache at "
            + folder
            + ", but: "
            + e.getMessage()
            + "; free space there (modelship.models.cache.root), then retry",
        e);
  }

  static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Expected the JVM to provide SHA-256, but it does not", e);
    }
  }

  private static void requireDigest(ModelLocation location, String expected, String actual) {
    if (expected != null && !expected.isBlank() && !expected.equalsIgnoreCase(actual)) {
      throw new BusinessOutcomeException(
          ErrorCode.MODEL_INTEGRITY,
          "Expected model "
              + location.uri()
              + " to have SHA-256 "
              + expected.toLowerCase(Locale.ROOT)
              + ", but it has "
              + actual);
    }
  }

  private Path newIncomingFile() {
    try {
      Files.createDirectories(incoming);
      Path temp = Files.createTempFile(incoming, "fetch-", ".part");
      // Sources create the file themselves, so that a download never appends to leftovers.
      Files.delete(temp);
      return temp;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Expected to create a file in " + incoming + ", but failed", e);
    }
  }

  private void writeIndex(String uri, ObjectVersion version, String sha256) throws IOException {
    Properties properties = new Properties();
    properties.setProperty("uri", uri);
    properties.setProperty("changeToken", version.changeToken());
    properties.setProperty("sha256", sha256);
    properties.setProperty("size", Long.toString(version.size()));
    Files.createDirectories(index);
    Path temp = Files.createTempFile(incoming, "index-", ".part");
    try {
      try (OutputStream out = Files.newOutputStream(temp)) {
        properties.store(out, null);
      }
      moveAtomically(temp, indexEntry(uri));
    } finally {
      deleteQuietly(temp);
    }
  }

  private Path indexEntry(String uri) {
    return index.resolve(
        HexFormat.of().formatHex(newDigest().digest(uri.getBytes(StandardCharsets.UTF_8)))
            + ".properties");
  }

  private static void moveAtomically(Path from, Path to) throws IOException {
    Files.createDirectories(to.getParent());
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // a leftover in incoming/ is harmless: nothing reads it
    }
  }
}

package io.modelship.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.util.unit.DataSize;

/**
 * Readiness of the model store: the local model cache, where every fetched model lands, is a
 * writable folder with room for a model; and the folder of {@code file:} models is there when it is
 * used. Remote stores (Azure Blob, S3) are reached per model URI at fetch time, with retries, so no
 * request is made to them here: a health check would need an account or bucket to name.
 */
class ModelStoreHealthIndicator extends AbstractHealthIndicator {

  static final DataSize MIN_FREE = DataSize.ofMegabytes(256);

  private final Path cache;
  private final Path fileRoot;

  ModelStoreHealthIndicator(ModelCacheProperties cache, FileModelStoreProperties file) {
    super("Model store health check failed");
    this.cache = cache.root().toAbsolutePath().normalize();
    this.fileRoot = file.root().toAbsolutePath().normalize();
  }

  @Override
  protected void doHealthCheck(Health.Builder health) throws IOException {
    Files.createDirectories(cache);
    long free = Files.getFileStore(cache).getUsableSpace();
    boolean writable = Files.isWritable(cache);
    health
        .withDetail("cache", cache.toString())
        .withDetail("cacheFreeBytes", free)
        .withDetail("fileRoot", fileRoot + (Files.isDirectory(fileRoot) ? "" : " (absent)"));
    if (!writable) {
      health.down().withDetail("problem", "Expected the model cache to be writable, but it is not");
    } else if (free < MIN_FREE.toBytes()) {
      health
          .down()
          .withDetail(
              "problem",
              "Expected at least "
                  + MIN_FREE.toMegabytes()
                  + " MB free for models, but "
                  + free
                  + " bytes are");
    } else {
      health.up();
    }
  }
}

package io.modelship.steplog;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.options.AppendBlobCreateOptions;
import com.azure.storage.blob.options.BlobInputStreamOptions;
import com.azure.storage.blob.specialized.AppendBlobClient;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Step logs as append blobs: {@code CONTAINER/RUN_ID/STEP/ATTEMPT.log}. Lines are buffered and
 * appended as one block at each flush interval (and whenever 1 MiB has gathered), so a reader sees
 * a line within about one interval while the step runs, and a long log stays well inside the 50,000
 * blocks an append blob may hold.
 */
public final class AzureBlobStepLogs implements StepLogs, AutoCloseable {

  private static final String OPENED = "opened";

  private static final Pattern NAME = Pattern.compile("([^/]+)/([^/]+)/(\\d+)\\.log");

  private final BlobContainerClient container;
  private final SecretMasker masker;
  private final Clock clock;
  private final Duration flushInterval;
  private final ScheduledExecutorService flusher;
  private volatile boolean containerReady;

  public AzureBlobStepLogs(
      BlobContainerClient container, SecretMasker masker, Clock clock, Duration flushInterval) {
    this.container = container;
    this.masker = masker;
    this.clock = clock;
    this.flushInterval = flushInterval;
    this.flusher =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "step-log-flusher");
              thread.setDaemon(true);
              return thread;
            });
  }

  @Override
  public StepLog open(StepKey key) {
    if (!containerReady) {
      container.createIfNotExists();
      containerReady = true;
    }
    AppendBlobClient blob = blob(key);
    // Creation times are listed to the second; the opening instant orders logs opened in one.
    blob.createIfNotExistsWithResponse(
        new AppendBlobCreateOptions().setMetadata(Map.of(OPENED, Instant.now(clock).toString())),
        null,
        null);
    AppendBlobSink sink = new AppendBlobSink(blob);
    long millis = flushInterval.toMillis();
    ScheduledFuture<?> schedule =
        flusher.scheduleWithFixedDelay(sink::flushQuietly, millis, millis, TimeUnit.MILLISECONDS);
    return new LineLog(
        masker,
        clock,
        sink::write,
        () -> {
          schedule.cancel(false);
          sink.flush();
        },
        location(key));
  }

  @Override
  public Optional<InputStream> read(StepKey key, long fromByte) {
    AppendBlobClient blob = blob(key);
    long size;
    try {
      size = blob.getProperties().getBlobSize();
    } catch (BlobStorageException e) {
      if (e.getStatusCode() == 404) {
        return Optional.empty();
      }
      throw e;
    }
    long from = Math.max(0, fromByte);
    if (from >= size) {
      return Optional.of(InputStream.nullInputStream());
    }
    return Optional.of(
        blob.openInputStream(
            new BlobInputStreamOptions().setRange(new BlobRange(from, size - from))));
  }

  @Override
  public List<StepKey> list(String runId) {
    new StepKey(runId, "list", 1);
    record Found(StepKey key, Instant opened) {}
    List<Found> found = new ArrayList<>();
    ListBlobsOptions options =
        new ListBlobsOptions()
            .setPrefix(runId + "/")
            .setDetails(new BlobListDetails().setRetrieveMetadata(true));
    for (BlobItem item : container.listBlobs(options, null)) {
      Matcher matcher = NAME.matcher(item.getName());
      if (matcher.matches() && matcher.group(1).equals(runId)) {
        found.add(
            new Found(
                new StepKey(runId, matcher.group(2), Integer.parseInt(matcher.group(3))),
                opened(item)));
      }
    }
    found.sort(
        Comparator.comparing(Found::opened)
            .thenComparing(f -> f.key().step())
            .thenComparingInt(f -> f.key().attempt()));
    return found.stream().map(Found::key).toList();
  }

  @Override
  public String location(StepKey key) {
    // The SDK escapes the slashes of a blob name; people read them as folders.
    String url = blob(key).getBlobUrl().replace("%2F", "/");
    int query = url.indexOf('?');
    return query < 0 ? url : url.substring(0, query);
  }

  @Override
  public void close() {
    flusher.shutdown();
  }

  private static Instant opened(BlobItem item) {
    String opened = item.getMetadata() == null ? null : item.getMetadata().get(OPENED);
    if (opened != null) {
      return Instant.parse(opened);
    }
    return item.getProperties().getCreationTime() == null
        ? Instant.MAX
        : item.getProperties().getCreationTime().toInstant();
  }

  private AppendBlobClient blob(StepKey key) {
    return container
        .getBlobClient(key.runId() + "/" + key.step() + "/" + key.attempt() + ".log")
        .getAppendBlobClient();
  }
}

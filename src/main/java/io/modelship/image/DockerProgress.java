package io.modelship.image;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.ResponseItem;
import io.modelship.steplog.StepLog;
import java.util.concurrent.TimeUnit;

/**
 * Follows a streamed engine answer (build or push): logs its lines, keeps the first error and the
 * last digest the engine reported.
 */
final class DockerProgress<T extends ResponseItem> extends ResultCallback.Adapter<T> {

  private final StepLog log;
  private volatile String error;
  private volatile String digest;

  DockerProgress(StepLog log) {
    this.log = log;
  }

  @Override
  public void onNext(T item) {
    if (item.getStream() != null && !item.getStream().isBlank()) {
      log.append(item.getStream().stripTrailing());
    }
    if (item.getStatus() != null && item.getProgressDetail() == null) {
      log.append(item.getStatus() + (item.getId() == null ? "" : " " + item.getId()));
    }
    if (item.isErrorIndicated() && error == null) {
      error =
          item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
              ? item.getErrorDetail().getMessage()
              : item.getError();
      log.append("error: " + error);
    }
    if (item.getAux() != null && item.getAux().getDigest() != null) {
      digest = item.getAux().getDigest();
    }
  }

  /** Waits for the end of the stream; false on timeout. */
  boolean await(long minutes) throws InterruptedException {
    return awaitCompletion(minutes, TimeUnit.MINUTES);
  }

  String error() {
    return error;
  }

  String digest() {
    return digest;
  }
}

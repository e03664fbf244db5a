package io.modelship.steplog;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/** Where every step of every run keeps its log, keyed by run id, step and attempt. */
public interface StepLogs {

  /** Opens the log of one step attempt for appending, creating it if needed. */
  StepLog open(StepKey key);

  /**
   * Reads a log from a byte offset, as far as it has been written. Empty when there is no such log.
   */
  Optional<InputStream> read(StepKey key, long fromByte) throws IOException;

  /** The logs of one run, in the order of their steps' first write. */
  List<StepKey> list(String runId);

  /** Where the log lives, for humans: a file path or a blob URL without credentials. */
  String location(StepKey key);
}

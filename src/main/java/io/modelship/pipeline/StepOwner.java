package io.modelship.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Who owns the steps this Modelship runs: an instance id that survives restarts, and a fresh owner
 * per job delivery ({@code <instance id>:<uuid>}) inside it. A restarted Modelship knows that every
 * step its instance id still holds was cut off when the process died, and hands those jobs back
 * ({@link HeldJobs}).
 *
 * <p>The instance id is {@code modelship.steps.instance-id} when set (e.g. a StatefulSet pod's
 * name), else the one kept in {@code <modelship.data-dir>/instance-id}, made on the first start.
 * Two Modelship processes must never share one: each would hand back the other's running jobs.
 */
@Component
public class StepOwner {

  static final String FILE = "instance-id";
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9.-]{1,60}");

  private final String instanceId;
  private final String workerName;

  public StepOwner(StepProperties properties, @Value("${modelship.data-dir:./data}") Path dataDir) {
    this.instanceId =
        properties.instanceId() == null || properties.instanceId().isBlank()
            ? stored(dataDir.resolve(FILE))
            : checked(properties.instanceId(), "modelship.steps.instance-id");
    this.workerName = prefix() + UUID.randomUUID();
  }

  /** The id this Modelship keeps across restarts. */
  public String instanceId() {
    return instanceId;
  }

  /** A new owner for one delivery of a job, inside this instance. */
  public String next() {
    return instanceId + ":" + UUID.randomUUID();
  }

  /**
   * The worker name of this process's job workers ({@code <instance id>:<uuid>}, a new uuid per
   * start): a job activated under another name with the same {@link #prefix()} was activated by
   * this instance before it last stopped, even when its step had not begun.
   */
  public String workerName() {
    return workerName;
  }

  /** The prefix every owner (and worker name) of this instance starts with. */
  public String prefix() {
    return instanceId + ":";
  }

  private static String stored(Path file) {
    try {
      if (Files.isRegularFile(file)) {
        return checked(Files.readString(file).strip(), file.toString());
      }
      String id = UUID.randomUUID().toString();
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path partial = file.resolveSibling(FILE + ".partial");
      Files.writeString(partial, id + "\n");
      // Atomic, so a crash while it is made never leaves a half-written id behind.
      Files.move(partial, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      return id;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Expected to read or make the instance id in " + file + ", but " + e.getMessage(), e);
    }
  }

  private static String checked(String id, String where) {
    if (!ID.matcher(id).matches()) {
      throw new IllegalStateException(
          "Expected the instance id in "
              + where
              + " to be 1-60 letters, digits, dots or dashes, but it is '"
              + id
              + "'");
    }
    return id;
  }
}

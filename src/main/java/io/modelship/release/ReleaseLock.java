package io.modelship.release;

import java.time.Instant;

/**
 * An app's release lock: which run holds it, that run's process instance (null until known), and
 * since when.
 */
public record ReleaseLock(
    String app, String ownerRunId, Long processInstanceKey, Instant claimedAt) {}

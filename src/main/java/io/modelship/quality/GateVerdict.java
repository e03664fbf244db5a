package io.modelship.quality;

/**
 * Whether a quality gate (or one of its rules) holds, and why in words.
 *
 * @param reason e.g. "accuracy 0.87 >= 0.9 failed"; never a secret
 */
public record GateVerdict(boolean passed, String reason) {}

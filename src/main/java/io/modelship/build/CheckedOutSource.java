package io.modelship.build;

import java.nio.file.Path;
import java.time.Instant;

/**
 * An app's code at one commit, in a run's workspace, with its validated pipeline file.
 *
 * @param workspace the checked-out tree
 * @param commitSha the full 40-character commit SHA
 * @param commitTime the commit's committer time; image labels use it for reproducibility
 * @param config the app's {@code .modelship.yaml}
 */
public record CheckedOutSource(
    Path workspace, String commitSha, Instant commitTime, AppPipelineConfig config) {}

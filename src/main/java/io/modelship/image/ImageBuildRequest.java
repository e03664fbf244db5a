package io.modelship.image;

import io.modelship.build.AppPipelineConfig;
import io.modelship.release.ModelMetrics;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Everything one image build needs; the same request gives the same image digest.
 *
 * @param runId the run; names the run-scoped tag and the run's folder
 * @param workspace the checked-out app
 * @param config the app's pipeline file
 * @param modelFile the fetched model
 * @param modelUri where the model came from (an image label)
 * @param modelSha256 the model's digest (an image label, and its layer's mtime)
 * @param gitSha the commit (the {@code org.opencontainers.image.revision} label)
 * @param commitTime the commit time (the {@code org.opencontainers.image.created} label)
 * @param sourceUrl the repository (the {@code org.opencontainers.image.source} label)
 * @param metrics the model's metrics as the tests measured them (one {@code
 *     io.modelship.model.metric.NAME} label each)
 */
public record ImageBuildRequest(
    String runId,
    Path workspace,
    AppPipelineConfig config,
    Path modelFile,
    String modelUri,
    String modelSha256,
    String gitSha,
    Instant commitTime,
    String sourceUrl,
    ModelMetrics metrics) {

  public ImageBuildRequest {
    metrics = metrics == null ? ModelMetrics.none() : metrics;
  }

  /** A request without model metrics (the tests wrote none). */
  public ImageBuildRequest(
      String runId,
      Path workspace,
      AppPipelineConfig config,
      Path modelFile,
      String modelUri,
      String modelSha256,
      String gitSha,
      Instant commitTime,
      String sourceUrl) {
    this(
        runId,
        workspace,
        config,
        modelFile,
        modelUri,
        modelSha256,
        gitSha,
        commitTime,
        sourceUrl,
        null);
  }
}

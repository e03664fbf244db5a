package io.modelship.deploy;

import io.modelship.build.AppPipelineConfig;
import java.nio.file.Path;

/**
 * One deployment of one app into one environment.
 *
 * @param environment e.g. {@code staging} or {@code production}
 * @param image the image pinned by digest ({@code repository@sha256:...}), or for local targets a
 *     tarball pinned the same way ({@code oci-archive:/path/image.tar@sha256:...}, see {@link
 *     io.modelship.image.PublishedImage#pinned()})
 * @param config the app's pipeline file at the released commit
 * @param source the app's files at the released commit (manifests and smoke request bodies)
 */
public record DeployRequest(
    String environment, String image, AppPipelineConfig config, Path source) {

  public String app() {
    return config.app();
  }
}

package io.modelship.image;

import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import io.modelship.build.AppPipelineConfig;
import io.modelship.step.BusinessOutcomeException;
import io.modelship.step.ErrorCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The layer of the app's files ({@code image.files}: files or folders, relative to the repository
 * root) under the workdir, keeping their relative paths. Times are Jib's fixed default and
 * permissions depend only on the executable bit, so the same files give the same layer digest.
 */
final class AppFilesLayer {

  private static final FilePermissions EXECUTABLE = FilePermissions.fromOctalString("755");
  private static final FilePermissions REGULAR = FilePermissions.fromOctalString("644");

  private AppFilesLayer() {}

  static FileEntriesLayer of(Path workspace, AppPipelineConfig config, ImageSpec spec) {
    Path root = workspace.toAbsolutePath().normalize();
    AbsoluteUnixPath workdir = AbsoluteUnixPath.get(spec.workdir());
    FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("app");
    for (String file : config.image().files()) {
      Path source = root.resolve(file).normalize();
      if (!source.startsWith(root) || source.equals(root) && !file.equals(".")) {
        throw failed(
            "Expected image.files entry '" + file + "' inside the repository, but it is not");
      }
      if (!Files.exists(source)) {
        throw failed(
            "Expected image.files entry '" + file + "' in the app's repository, but it is missing");
      }
      String relative = root.relativize(source).toString().replace('\\', '/');
      AbsoluteUnixPath target = relative.isEmpty() ? workdir : workdir.resolve(relative);
      try {
        layer.addEntryRecursive(
            source,
            target,
            (path, inContainer) ->
                Files.isDirectory(path) || Files.isExecutable(path) ? EXECUTABLE : REGULAR);
      } catch (IOException e) {
        throw new UncheckedIOException("Expected to read " + source + ", but " + e, e);
      }
    }
    return layer.build();
  }

  private static BusinessOutcomeException failed(String message) {
    return new BusinessOutcomeException(ErrorCode.IMAGE_BUILD_FAILED, message);
  }
}

package io.modelship.trials;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * The demo's sample app as a git repository the trials build from: a copy of {@code
 * samples/model-api} whose base image is {@code base} (the demo's cached Debian base with python3,
 * Flask and gunicorn); each trial commits once more, so each build has a commit of its own.
 */
final class SampleRepository {

  private static final PersonIdent AUTHOR =
      new PersonIdent("Modelship crash trials", "trials@modelship.invalid");

  private final Path dir;

  SampleRepository(Path sample, Path dir, String base) throws IOException {
    this.dir = dir;
    try (Stream<Path> walk = Files.walk(sample)) {
      for (Path source : walk.toList()) {
        Path relative = sample.relativize(source);
        if (relative.startsWith(".git")) {
          continue;
        }
        Path target = dir.resolve(relative.toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else if (Files.isRegularFile(source)) {
          Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
    Path config = dir.resolve(".modelship.yaml");
    Files.writeString(
        config, Files.readString(config).replaceFirst("(?m)^(\\s+base:\\s*)\\S+.*$", "$1" + base));
    try (Git git = Git.init().setInitialBranch("main").setDirectory(dir.toFile()).call()) {
      git.add().addFilepattern(".").call();
    } catch (GitAPIException e) {
      throw new IOException("Expected to make the sample's repository, but " + e.getMessage(), e);
    }
  }

  Path dir() {
    return dir;
  }

  /** Commits a change that touches no model and no test, and returns the commit's SHA. */
  String commit(String message) throws IOException {
    Files.writeString(dir.resolve("TRIAL.txt"), message + "\n");
    try (Git git = Git.open(dir.toFile())) {
      git.add().addFilepattern(".").call();
      return git.commit()
          .setAuthor(AUTHOR)
          .setCommitter(AUTHOR)
          .setMessage(message)
          .setSign(false)
          .call()
          .getName();
    } catch (GitAPIException e) {
      throw new IOException("Expected to commit in " + dir + ", but " + e.getMessage(), e);
    }
  }
}

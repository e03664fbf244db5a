package io.modelship.demo;

import io.modelship.build.AppPipelineConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * The sample app's git repository, made locally from {@code samples/model-api} (as a team's own
 * repository would hold it), with one change: {@code image.base} names a base this machine has (see
 * {@link DemoBaseImage}). Its {@code .gitignore} keeps test output out.
 */
final class DemoRepository {

  private static final Pattern BASE = Pattern.compile("(?m)^(\\s+base:\\s*)\\S+.*$");
  private static final PersonIdent AUTHOR =
      new PersonIdent("Modelship demo", "demo@modelship.invalid");

  private DemoRepository() {}

  /**
   * Copies the sample into {@code repository} (which must not exist yet), commits it on {@code
   * main}, and returns the commit's SHA.
   */
  static String create(Path sample, Path repository, DemoBaseImage base) throws IOException {
    Path config = sample.resolve(AppPipelineConfig.FILE_NAME);
    if (!Files.isRegularFile(config)) {
      throw new IOException(
          "Expected the sample app at "
              + sample.toAbsolutePath()
              + " (modelship.demo.sample), but it has no "
              + AppPipelineConfig.FILE_NAME
              + ": run the demo from the top of the Modelship checkout");
    }
    copy(sample, repository);
    Path pipelineFile = repository.resolve(AppPipelineConfig.FILE_NAME);
    String text = Files.readString(pipelineFile);
    Matcher matcher = BASE.matcher(text);
    if (!matcher.find()) {
      throw new IOException("Expected image.base in " + config + ", but found none");
    }
    Files.writeString(
        pipelineFile,
        text.substring(0, matcher.start())
            + matcher.group(1)
            + base.reference()
            + "   # set by Modelship's demo: "
            + base.description().replace('#', ' ')
            + text.substring(matcher.end()));
    try (Git git = Git.init().setInitialBranch("main").setDirectory(repository.toFile()).call()) {
      git.add().addFilepattern(".").call();
      return git.commit()
          .setAuthor(AUTHOR)
          .setCommitter(AUTHOR)
          .setMessage("model-api: the sample app, for Modelship's demo")
          .setSign(false)
          .call()
          .getName();
    } catch (GitAPIException e) {
      throw new IOException(
          "Expected to commit the sample in " + repository + ", but " + e.getMessage(), e);
    }
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path source : walk.toList()) {
        Path relative = from.relativize(source);
        if (relative.toString().equals(".git") || relative.startsWith(".git")) {
          continue;
        }
        Path target = to.resolve(relative.toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else if (Files.isRegularFile(source)) {
          Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }
}

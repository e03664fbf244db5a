package io.modelship.build;

import io.modelship.step.TransientStepException;
import io.modelship.steplog.SecretMasker;
import io.modelship.steplog.StepLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.TransportCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.springframework.util.FileSystemUtils;

/**
 * Checks out an exact commit with Eclipse JGit into {@code WORKSPACES/RUN_ID}: a fresh repository
 * fetches just that commit with depth 1 when the server allows fetching by SHA, else every branch
 * and tag in full; then the tree is checked out detached at the commit and {@code .modelship.yaml}
 * is read. A workspace already at the commit with a clean tree is reused, so a job delivered twice
 * does not fetch twice.
 */
public final class JGitSourceCheckout implements SourceCheckout {

  private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}");
  private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  private static final String COMMIT_REF = "refs/modelship/commit";

  private final JGitSourceCheckoutProperties properties;
  private final AppPipelineConfigReader reader;
  private final SecretMasker masker;
  private final Path workspaces;

  public JGitSourceCheckout(
      JGitSourceCheckoutProperties properties,
      AppPipelineConfigReader reader,
      SecretMasker masker) {
    this.properties = properties;
    this.reader = reader;
    this.masker = masker;
    this.workspaces = properties.workspaces().toAbsolutePath().normalize();
  }

  @Override
  public CheckedOutSource checkout(
      String repositoryUrl, String commitSha, String runId, StepLog log) {
    String url = checkUrl(repositoryUrl);
    if (commitSha == null || !SHA.matcher(commitSha).matches()) {
      throw new IllegalArgumentException(
          "Expected a full 40-character lowercase commit SHA, but it was '" + commitSha + "'");
    }
    if (runId == null || !RUN_ID.matcher(runId).matches() || runId.contains("..")) {
      throw new IllegalArgumentException(
          "Expected a run id matching " + RUN_ID.pattern() + ", but it was '" + runId + "'");
    }
    Path workspace = workspaces.resolve(runId);
    String shown = withoutCredentials(url);
    try {
      Instant commitTime = reuse(workspace, commitSha);
      if (commitTime != null) {
        log.append("Workspace " + workspace + " is already at " + commitSha + "; reusing it");
      } else {
        commitTime = cloneAt(url, commitSha, workspace, log);
      }
      AppPipelineConfig config = reader.read(workspace);
      log.append("Read " + AppPipelineConfig.FILE_NAME + ": app " + config.app());
      return new CheckedOutSource(workspace, commitSha, commitTime, config);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Expected to check out " + shown + " into " + workspace + ", but failed", e);
    }
  }

  @Override
  public String headOf(String repositoryUrl, String branch) {
    String url = checkUrl(repositoryUrl);
    try {
      Ref ref =
          authorize(Git.lsRemoteRepository().setRemote(url).setHeads(true))
              .callAsMap()
              .get("refs/heads/" + branch);
      if (ref == null) {
        throw new IllegalArgumentException(
            "Expected a branch '"
                + branch
                + "' in "
                + withoutCredentials(url)
                + ", but the remote has no such branch");
      }
      return ref.getObjectId().name();
    } catch (GitAPIException e) {
      throw classify(url, e);
    }
  }

  private Instant reuse(Path workspace, String commitSha) {
    if (!Files.isDirectory(workspace.resolve(".git"))) {
      return null;
    }
    try (Git git = Git.open(workspace.toFile())) {
      ObjectId head = git.getRepository().resolve("HEAD");
      if (head == null || !head.name().equals(commitSha) || !git.status().call().isClean()) {
        return null;
      }
      return commitTime(git.getRepository(), head);
    } catch (IOException | GitAPIException e) {
      return null;
    }
  }

  private Instant cloneAt(String url, String commitSha, Path workspace, StepLog log)
      throws IOException {
    FileSystemUtils.deleteRecursively(workspace);
    Files.createDirectories(workspace);
    String shown = withoutCredentials(url);
    try (Git git = Git.init().setDirectory(workspace.toFile()).setInitialBranch("main").call()) {
      git.remoteAdd().setName("origin").setUri(new org.eclipse.jgit.transport.URIish(url)).call();
      log.append("Fetching " + shown + " at " + commitSha + " (shallow, depth 1)");
      try {
        authorize(git.fetch().setRemote("origin"))
            .setRefSpecs(new RefSpec("+" + commitSha + ":" + COMMIT_REF))
            .setDepth(1)
            .call();
      } catch (TransportException refused) {
        // Servers that do not allow fetching an unadvertised commit by SHA, and unknown commits,
        // both end here; a full fetch tells them apart (and fails on its own for network errors).
        log.append(
            "The server did not give commit "
                + commitSha
                + " by itself ("
                + masker.mask(refused.getMessage())
                + "); fetching every branch and tag");
        authorize(git.fetch().setRemote("origin"))
            .setRefSpecs(
                new RefSpec("+refs/heads/*:refs/remotes/origin/*"),
                new RefSpec("+refs/tags/*:refs/tags/*"))
            .call();
      }
      Repository repository = git.getRepository();
      ObjectId commit = ObjectId.fromString(commitSha);
      if (!repository.getObjectDatabase().has(commit)) {
        throw new IllegalStateException(
            "Expected commit "
                + commitSha
                + " in "
                + shown
                + ", but the remote has no such commit");
      }
      git.checkout().setName(commitSha).setForced(true).call();
      Instant time = commitTime(repository, commit);
      log.append("Checked out " + commitSha + " (committed " + time + ") into " + workspace);
      return time;
    } catch (GitAPIException | URISyntaxException e) {
      throw classify(url, e);
    }
  }

  private static Instant commitTime(Repository repository, ObjectId commit) throws IOException {
    try (RevWalk walk = new RevWalk(repository)) {
      RevCommit parsed = walk.parseCommit(commit);
      return parsed.getCommitterIdent().getWhenAsInstant();
    }
  }

  private <C extends TransportCommand<C, ?>> C authorize(C command) {
    command.setTimeout((int) Math.max(1, properties.timeout().toSeconds()));
    if (properties.token() != null && !properties.token().isBlank()) {
      command.setCredentialsProvider(
          new UsernamePasswordCredentialsProvider(properties.username(), properties.token()));
    }
    return command;
  }

  private RuntimeException classify(String url, Exception e) {
    String shown = withoutCredentials(url);
    String message = masker.mask(String.valueOf(e.getMessage()));
    String lower = message.toLowerCase(Locale.ROOT);
    if (e instanceof TransportException) {
      if (lower.contains("not authorized")
          || lower.contains("authentication is required")
          || lower.contains("401")
          || lower.contains("403")) {
        return new SourceAccessDeniedException(
            "Expected to be allowed to read "
                + shown
                + ", but the server refused: "
                + message
                + "; check modelship.source.token",
            null);
      }
      if (lower.contains("not found") || lower.contains("does not appear to be a git repository")) {
        return new IllegalStateException(
            "Expected a git repository at " + shown + ", but there is none: " + message);
      }
      return new TransientStepException(
          "Expected to fetch from " + shown + ", but " + message + "; worth retrying");
    }
    return new IllegalStateException("Expected to check out " + shown + ", but " + message);
  }

  private String checkUrl(String repositoryUrl) {
    URI uri;
    try {
      uri = new URI(repositoryUrl == null ? "" : repositoryUrl);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "Expected a repository URL, but '" + withoutCredentials(repositoryUrl) + "' is not one");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!properties.allowedSchemes().contains(scheme)) {
      throw new IllegalArgumentException(
          "Expected a repository URL with a scheme in "
              + properties.allowedSchemes()
              + " (modelship.source.allowed-schemes), but it was '"
              + withoutCredentials(repositoryUrl)
              + "'");
    }
    if (scheme.equals("file")) {
      // JGit answers a missing local repository with a broken pipe; say what is wrong instead.
      java.io.File folder = new java.io.File(uri.getPath());
      if (org.eclipse.jgit.lib.RepositoryCache.FileKey.resolve(
              folder, org.eclipse.jgit.util.FS.DETECTED)
          == null) {
        throw new IllegalStateException(
            "Expected a git repository at " + repositoryUrl + ", but there is none");
      }
    }
    return repositoryUrl;
  }

  /** The URL as people may see it: without user info, which could hold a token. */
  static String withoutCredentials(String url) {
    return url == null ? "null" : url.replaceFirst("^([A-Za-z][A-Za-z0-9+.-]*://)[^/@]*@", "$1");
  }
}

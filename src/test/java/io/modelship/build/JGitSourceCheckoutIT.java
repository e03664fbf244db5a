package io.modelship.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelship.step.BusinessOutcomeException;
import io.modelship.step.ErrorCode;
import io.modelship.step.TransientStepException;
import io.modelship.steplog.SecretMasker;
import io.modelship.steplog.StepLog;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks out commits of real git repositories that the test makes and serves over file://. */
class JGitSourceCheckoutIT {

  static final String VALID = AppPipelineConfigReaderTest.DESIGN_EXAMPLE;

  @TempDir Path remote;
  @TempDir Path workspaces;

  final List<String> lines = new ArrayList<>();
  final StepLog log = lines::add;
  final List<RevCommit> commits = new ArrayList<>();
  JGitSourceCheckout checkout;
  String url;

  @BeforeEach
  void makeRepository() throws Exception {
    try (Git git = Git.init().setDirectory(remote.toFile()).setInitialBranch("main").call()) {
      commit(git, "v1", VALID, Instant.parse("2026-11-01T10:00:00Z"));
      commit(
          git,
          "v2",
          VALID.replace("model-api", "model-api-two"),
          Instant.parse("2026-11-02T10:00:00Z"));
      commit(git, "v3", VALID, Instant.parse("2026-11-03T10:00:00Z"));
    }
    url = remote.toUri().toString();
    checkout = checkout(List.of("https", "file"), null);
  }

  private JGitSourceCheckout checkout(List<String> schemes, String token) {
    return new JGitSourceCheckout(
        new JGitSourceCheckoutProperties(
            workspaces, "x-access-token", token, schemes, Duration.ofSeconds(10)),
        new AppPipelineConfigReader(),
        SecretMasker.patternsOnly());
  }

  private void commit(Git git, String marker, String pipelineFile, Instant when) throws Exception {
    Files.writeString(remote.resolve(".modelship.yaml"), pipelineFile);
    Files.writeString(remote.resolve("marker.txt"), marker);
    git.add().addFilepattern(".").call();
    PersonIdent who = new PersonIdent("Test", "test@example.com", when, java.time.ZoneOffset.UTC);
    commits.add(git.commit().setMessage(marker).setAuthor(who).setCommitter(who).call());
  }

  private void allowFetchBySha() throws IOException {
    try (Git git = Git.open(remote.toFile())) {
      StoredConfig config = git.getRepository().getConfig();
      config.setBoolean("uploadpack", null, "allowReachableSHA1InWant", true);
      config.save();
    }
  }

  @Test
  void shouldCheckOutAnOlderCommitShallowlyWhenTheServerAllowsFetchBySha() throws Exception {
    // given
    allowFetchBySha();
    RevCommit second = commits.get(1);

    // when
    CheckedOutSource source = checkout.checkout(url, second.name(), "run-1", log);

    // then
    assertThat(source.workspace()).isEqualTo(workspaces.resolve("run-1"));
    assertThat(Files.readString(source.workspace().resolve("marker.txt"))).isEqualTo("v2");
    assertThat(source.commitSha()).isEqualTo(second.name());
    assertThat(source.commitTime()).isEqualTo(Instant.parse("2026-11-02T10:00:00Z"));
    assertThat(source.config().app()).isEqualTo("model-api-two");
    assertThat(Files.readString(source.workspace().resolve(".git/shallow")).strip())
        .as("a shallow clone holds only the commit")
        .isEqualTo(second.name());
    assertThat(lines).noneMatch(line -> line.contains("fetching every branch"));
  }

  @Test
  void shouldReuseAWorkspaceAlreadyAtTheCommitAndRedoADirtyOne() throws Exception {
    // given
    String sha = commits.get(2).name();
    CheckedOutSource first = checkout.checkout(url, sha, "run-3", log);
    lines.clear();

    // when delivered again
    checkout.checkout(url, sha, "run-3", log);

    // then
    assertThat(lines).anyMatch(line -> line.contains("reusing it"));

    // when the tree was changed meanwhile
    Files.writeString(first.workspace().resolve("marker.txt"), "tampered");
    lines.clear();
    checkout.checkout(url, sha, "run-3", log);

    // then
    assertThat(lines).noneMatch(line -> line.contains("reusing it"));
    assertThat(Files.readString(first.workspace().resolve("marker.txt"))).isEqualTo("v3");
  }

  @Test
  void shouldReportAnInvalidOrMissingPipelineFileAsConfigInvalid() throws Exception {
    String bad;
    String missing;
    try (Git git = Git.open(remote.toFile())) {
      commit(git, "bad", VALID.replace("port: 8080", "port: eighty"), Instant.now());
      bad = commits.get(commits.size() - 1).name();
      git.rm().addFilepattern(".modelship.yaml").call();
      missing = git.commit().setMessage("no pipeline file").call().name();
    }

    assertThatThrownBy(() -> checkout.checkout(url, bad, "run-4", log))
        .isInstanceOfSatisfying(
            BusinessOutcomeException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID))
        .hasMessageContaining("Expected field 'image.port' to be an integer");
    assertThatThrownBy(() -> checkout.checkout(url, missing, "run-5", log))
        .isInstanceOfSatisfying(
            BusinessOutcomeException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID))
        .hasMessageContaining("Expected a file .modelship.yaml at the repository root");
  }

  @Test
  void shouldRefuseAnUnknownCommitAndAMissingRepository() {
    String unknown = "0123456789abcdef0123456789abcdef01234567";

    assertThatThrownBy(() -> checkout.checkout(url, unknown, "run-6", log))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("but the remote has no such commit");
    assertThat(lines).anyMatch(line -> line.endsWith("fetching every branch and tag"));
    assertThatThrownBy(
            () -> checkout.checkout(url + "missing/", commits.get(0).name(), "run-7", log))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Expected a git repository at");
  }

  @Test
  void shouldTellTheHeadOfABranch() throws Exception {
    assertThat(checkout.headOf(url, "main")).isEqualTo(commits.get(2).name());
    assertThatThrownBy(() -> checkout.headOf(url, "nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Expected a branch 'nope'");
  }

  @Test
  void shouldRefuseBadInputBeforeTouchingAnything() {
    String sha = commits.get(0).name();

    assertThatThrownBy(() -> checkout.checkout("ssh://git@example.com/a.git", sha, "run-8", log))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("scheme in [https, file]");
    assertThatThrownBy(() -> checkout.checkout(url, "abc123", "run-8", log))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("40-character");
    assertThatThrownBy(() -> checkout.checkout(url, sha, "../escape", log))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(workspaces.resolve("run-8")).doesNotExist();
  }

  @Test
  void shouldTreatAnUnreachableServerAsTransientWithoutShowingTheToken() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String withToken =
        "https://bot:ghp_abcdefghijklmnopqrstuvwxyz0123456789@127.0.0.1:" + closedPort + "/a.git";

    assertThatThrownBy(
            () ->
                checkout(List.of("https"), "t0ken-value")
                    .checkout(withToken, commits.get(0).name(), "run-9", log))
        .isInstanceOf(TransientStepException.class)
        .hasMessageContaining("https://127.0.0.1:" + closedPort + "/a.git")
        .hasMessageNotContaining("ghp_")
        .hasMessageNotContaining("t0ken-value");
  }
}

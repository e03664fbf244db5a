package io.modelship.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelship.steplog.SecretMasker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks out over smart HTTP from git's own http-backend behind basic auth, with a token. */
class JGitSourceCheckoutHttpIT {

  static final String TOKEN = "ghp_testTokenForTheGitServer0123456789";

  @TempDir Path root;
  @TempDir Path workspaces;
  GitHttpServer server;
  RevCommit first;
  RevCommit second;
  final List<String> lines = new ArrayList<>();

  @BeforeEach
  void serveARepository() throws Exception {
    Path repo = root.resolve("app.git");
    try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
      Files.writeString(
          repo.resolve(".modelship.yaml"), AppPipelineConfigReaderTest.DESIGN_EXAMPLE);
      Files.writeString(repo.resolve("marker.txt"), "one");
      git.add().addFilepattern(".").call();
      first = git.commit().setMessage("one").call();
      Files.writeString(repo.resolve("marker.txt"), "two");
      git.add().addFilepattern(".").call();
      second = git.commit().setMessage("two").call();
    }
    server = new GitHttpServer(root, "x-access-token", TOKEN);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private JGitSourceCheckout checkout(String token) {
    return new JGitSourceCheckout(
        new JGitSourceCheckoutProperties(
            workspaces, "x-access-token", token, List.of("http"), Duration.ofSeconds(20)),
        new AppPipelineConfigReader(),
        SecretMasker.of(token == null ? List.of() : List.of(token)));
  }

  @Test
  void shouldCheckOutAnOlderCommitWithTheToken() throws Exception {
    CheckedOutSource source =
        checkout(TOKEN).checkout(server.url("app.git"), first.name(), "run-h1", lines::add);

    assertThat(Files.readString(source.workspace().resolve("marker.txt"))).isEqualTo("one");
    assertThat(source.config().app()).isEqualTo("model-api");
    assertThat(checkout(TOKEN).headOf(server.url("app.git"), "main")).isEqualTo(second.name());
    assertThat(String.join("\n", lines)).doesNotContain(TOKEN);
    assertThat(Files.readString(source.workspace().resolve(".git/shallow")).strip())
        .as("fetched shallow, by SHA")
        .isEqualTo(first.name());
    assertThat(lines).noneMatch(line -> line.contains("fetching every branch"));
  }

  @Test
  void shouldReportARefusedOrMissingTokenAsAccessDeniedWithoutTheToken() {
    String wrong = "ghp_wrongTokenWrongTokenWrongToken012345";

    assertThatThrownBy(
            () ->
                checkout(wrong).checkout(server.url("app.git"), first.name(), "run-h2", lines::add))
        .isInstanceOf(SourceAccessDeniedException.class)
        .hasMessageContaining("Expected to be allowed to read " + server.url("app.git"))
        .hasMessageNotContaining(wrong);
    assertThatThrownBy(
            () ->
                checkout(null).checkout(server.url("app.git"), first.name(), "run-h3", lines::add))
        .isInstanceOf(SourceAccessDeniedException.class);
  }
}

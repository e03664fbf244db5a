package io.modelship.pipeline;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The apps Modelship builds and releases, and how the nightly release runs.
 *
 * @param apps by app name ({@code [a-z0-9-]{1,40}}, the same as {@code app} in the app's {@code
 *     .modelship.yaml})
 * @param deployOnStart whether Modelship deploys both processes when it is ready (default true)
 */
@ConfigurationProperties("modelship.pipeline")
public record PipelineProperties(Map<String, App> apps, Release release, Boolean deployOnStart) {

  public PipelineProperties {
    apps = apps == null ? Map.of() : new TreeMap<>(apps);
    release = release == null ? new Release(null, null) : release;
    deployOnStart = deployOnStart == null || deployOnStart;
  }

  /**
   * One app.
   *
   * @param repositoryUrl where its code is cloned from
   * @param releaseBranch the branch the nightly release takes builds from (default {@code main})
   * @param branches the branches a push builds (default: the release branch)
   * @param githubRepository the GitHub {@code owner/name} whose push webhooks build it
   * @param azureDevOpsRepository the Azure Repos repository name whose {@code git.push} hooks build
   *     it
   */
  public record App(
      String repositoryUrl,
      String releaseBranch,
      List<String> branches,
      String githubRepository,
      String azureDevOpsRepository) {

    public App {
      if (hasUserInfo(repositoryUrl)) {
        // It would travel in process variables; the token belongs in modelship.source.token.
        throw new IllegalArgumentException(
            "Expected a repository-url without credentials (give the token as"
                + " modelship.source.token), but it has user info");
      }
      releaseBranch = releaseBranch == null || releaseBranch.isBlank() ? "main" : releaseBranch;
      branches = branches == null || branches.isEmpty() ? List.of(releaseBranch) : branches;
    }
  }

  /**
   * The nightly release.
   *
   * @param cron the timer start's cycle in Zeebe's 6-field cron, seconds first (default {@code 0 0
   *     2 * * ?}, 02:00 every night); written into the process when Modelship deploys it
   * @param approvalTimeout how long the approval waits before it expires (default PT8H)
   */
  public record Release(String cron, Duration approvalTimeout) {
    public Release {
      cron = cron == null || cron.isBlank() ? "0 0 2 * * ?" : cron;
      approvalTimeout = approvalTimeout == null ? Duration.ofHours(8) : approvalTimeout;
    }
  }

  private static boolean hasUserInfo(String url) {
    try {
      return url != null && URI.create(url).getRawUserInfo() != null;
    } catch (IllegalArgumentException notAUri) {
      return false; // the checkout refuses it, naming the schemes it allows
    }
  }

  /** The app's settings, or an exception naming the configured apps. */
  public App app(String name) {
    App app = apps.get(name);
    if (app == null) {
      throw new UnknownAppException(name, apps.keySet());
    }
    return app;
  }
}

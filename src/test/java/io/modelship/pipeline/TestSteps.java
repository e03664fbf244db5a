package io.modelship.pipeline;

import io.modelship.build.AppPipelineConfig;
import io.modelship.build.AppPipelineConfigReader;
import io.modelship.build.CheckedOutSource;
import io.modelship.build.SourceCheckout;
import io.modelship.deploy.DeployRequest;
import io.modelship.deploy.Deployer;
import io.modelship.deploy.Deployment;
import io.modelship.deploy.SmokeTester;
import io.modelship.image.OciRegistryPublisher;
import io.modelship.image.RegistryProperties;
import io.modelship.image.RegistryPublisher;
import io.modelship.model.FetchedModel;
import io.modelship.model.ModelStore;
import io.modelship.step.BusinessOutcomeException;
import io.modelship.step.ErrorCode;
import io.modelship.steplog.StepLog;
import io.modelship.testing.TestReport;
import io.modelship.testing.TestRunner;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * Stand-ins for the steps whose implementations (issue 4 and 5) are not on main yet, each doing the
 * step's real work in the simplest honest way (JGit for the checkout, a folder for models) or
 * recording what it was asked (deployments), and each following its port's outcome contract. Image
 * build and push are the real Jib builder and OCI publisher against a real registry.
 */
@TestConfiguration(proxyBeanMethods = false)
class TestSteps {

  /**
   * The real model store routes by URI and is marked primary; it steps back here so the stand-in
   * below is the one model store the workers get.
   */
  @Bean
  static BeanFactoryPostProcessor demoteTheRealModelStore() {
    return beans -> {
      for (String name : beans.getBeanNamesForType(ModelStore.class, true, false)) {
        if (!name.equals("testModelStore")) {
          beans.getBeanDefinition(name).setPrimary(false);
        }
      }
    };
  }

  @Bean
  StepScript stepScript() {
    return new StepScript();
  }

  @Bean
  @Primary
  SourceCheckout testSourceCheckout(StepScript script) {
    return new GitCheckout(script, PipelineFixture.get().workspaces());
  }

  @Bean
  @Primary
  ModelStore testModelStore(StepScript script) {
    return new FolderModels(script, PipelineFixture.get().models());
  }

  /** The real OCI publisher, counted and, when a test asks, slowed down. */
  @Bean
  @Primary
  RegistryPublisher countedPublisher(StepScript script, RegistryProperties registry) {
    OciRegistryPublisher real = new OciRegistryPublisher(registry, System::getenv);
    return (image, tags, log) -> {
      script.enter("push-image");
      return real.publish(image, tags, log);
    };
  }

  @Bean
  @Primary
  TestRunner testTestRunner(StepScript script) {
    return (run, log) -> {
      log.append("ran " + run.command());
      script.enter("run-tests");
      return new TestReport(true, 0, false, 3, 0, 0, 0, Duration.ofMillis(5));
    };
  }

  @Bean
  @Primary
  RecordingDeployer testDeployer(StepScript script) {
    return new RecordingDeployer(script);
  }

  @Bean
  @Primary
  SmokeTester testSmokeTester(StepScript script) {
    return (endpoint, checks, source, log) -> {
      script.enter("smoke-test:" + endpoint.getHost().replace(".test", ""));
      return checks.size() + " of " + checks.size() + " checks passed";
    };
  }

  /** Clones the repository with JGit and checks the commit out; reads .modelship.yaml. */
  static final class GitCheckout implements SourceCheckout {
    private final StepScript script;
    private final Path root;
    private final AppPipelineConfigReader reader = new AppPipelineConfigReader();

    GitCheckout(StepScript script, Path root) {
      this.script = script;
      this.root = root;
    }

    @Override
    public CheckedOutSource checkout(
        String repositoryUrl, String commitSha, String runId, StepLog log) {
      script.enter("fetch-source");
      Path dir = root.resolve(runId);
      try {
        if (!Files.exists(dir.resolve(".git"))) {
          Git.cloneRepository().setURI(repositoryUrl).setDirectory(dir.toFile()).call().close();
        }
        try (Git git = Git.open(dir.toFile())) {
          git.checkout().setName(commitSha).call();
          RevCommit commit;
          try (RevWalk walk = new RevWalk(git.getRepository())) {
            commit = walk.parseCommit(git.getRepository().resolve(commitSha));
          }
          AppPipelineConfig config = reader.read(dir);
          log.append("checked out " + commit.getName());
          return new CheckedOutSource(
              dir, commit.getName(), Instant.ofEpochSecond(commit.getCommitTime()), config);
        }
      } catch (BusinessOutcomeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException("Expected to check out " + commitSha + ", but: " + e, e);
      }
    }

    @Override
    public String headOf(String repositoryUrl, String branch) {
      try {
        for (Ref ref : Git.lsRemoteRepository().setRemote(repositoryUrl).setHeads(true).call()) {
          if (ref.getName().equals("refs/heads/" + branch)) {
            return ref.getObjectId().getName();
          }
        }
      } catch (Exception e) {
        throw new IllegalStateException("Expected to list " + repositoryUrl + ", but: " + e, e);
      }
      throw new IllegalStateException("Expected branch " + branch + ", but there is none");
    }
  }

  /** Models under a folder, named {@code file:RELATIVE/PATH}; hashed while read. */
  static final class FolderModels implements ModelStore {
    private final StepScript script;
    private final Path root;

    FolderModels(StepScript script, Path root) {
      this.script = script;
      this.root = root;
    }

    @Override
    public FetchedModel fetch(String uri, String expectedSha256, StepLog log) {
      script.enter("fetch-model");
      Path file = root.resolve(uri.substring("file:".length())).normalize();
      if (!Files.isRegularFile(file)) {
        throw new BusinessOutcomeException(
            ErrorCode.MODEL_NOT_FOUND, "Expected a model at " + uri + ", but there is none");
      }
      try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha())) {
        in.transferTo(java.io.OutputStream.nullOutputStream());
        String sha = HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        if (expectedSha256 != null && !expectedSha256.equals(sha)) {
          throw new BusinessOutcomeException(
              ErrorCode.MODEL_INTEGRITY,
              "Expected the model at "
                  + uri
                  + " to have SHA-256 "
                  + expectedSha256
                  + ", but it has "
                  + sha);
        }
        return new FetchedModel(uri, file, sha, Files.size(file), Files.size(file));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static MessageDigest sha() {
      try {
        return MessageDigest.getInstance("SHA-256");
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /**
   * Records what runs where, by app and environment ({@code model-api@staging}); answers with an
   * endpoint named after the environment.
   */
  static final class RecordingDeployer implements Deployer {
    private final StepScript script;
    final Map<String, String> running = new ConcurrentHashMap<>();

    RecordingDeployer(StepScript script) {
      this.script = script;
    }

    @Override
    public Deployment deploy(DeployRequest request, StepLog log) {
      script.enter("deploy:" + request.environment());
      running.put(request.app() + "@" + request.environment(), request.image());
      return new Deployment(
          request.environment(),
          request.app(),
          request.image(),
          URI.create("http://" + request.environment() + ".test:8080/"),
          "recording");
    }

    @Override
    public Deployment rollback(DeployRequest target, StepLog log) {
      script.enter("rollback:" + target.environment());
      running.put(target.app() + "@" + target.environment(), target.image());
      return new Deployment(
          target.environment(), target.app(), target.image(), URI.create("http://x/"), "recording");
    }

    @Override
    public void remove(DeployRequest request, StepLog log) {
      script.enter("remove:" + request.environment());
      running.remove(request.app() + "@" + request.environment());
    }
  }
}

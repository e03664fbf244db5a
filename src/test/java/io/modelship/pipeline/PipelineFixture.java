package io.modelship.pipeline;

import io.modelship.image.TestImages;
import io.modelship.servers.RegistryServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What the process tests run on, once per JVM: a real registry (TLS, basic auth) holding a busybox
 * base image, git repositories of two apps ({@code model-api}, and {@code churn-api} for releases
 * of several apps at once), each with its {@code .modelship.yaml} and its own model, a folder of
 * models, and folders for workspaces and step logs.
 */
public final class PipelineFixture {

  public static final String APP = "model-api";
  public static final String MODEL = "digits/weights.bin";
  static final String SECOND_APP = "churn-api";
  static final String SECOND_MODEL = "churn/weights.bin";

  private static PipelineFixture instance;

  private final Path root;
  private final RegistryServer registry;
  private final String base;
  private final Path repository;
  private final Path secondRepository;
  private final Path passwordFile;
  private int models;
  private volatile Path jibCache;

  private final java.util.List<Runnable> modelListeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  /**
   * Runs after every model change, e.g. to upload the model to an object store, until the returned
   * action takes it off (a test class whose store has stopped must not be called).
   */
  Runnable onModelChange(Runnable listener) {
    modelListeners.add(listener);
    return () -> modelListeners.remove(listener);
  }

  /** Puts the current model of {@link #APP} into an S3 bucket, under its key {@link #MODEL}. */
  public void uploadModel(S3Client s3, String bucket) {
    s3.putObject(b -> b.bucket(bucket).key(MODEL), RequestBody.fromFile(models().resolve(MODEL)));
  }

  /** The SHA-256 of the current model of {@link #APP}, in hex. */
  String modelSha256() {
    return sha256(models().resolve(MODEL));
  }

  /** A file's SHA-256, in hex. */
  static String sha256(Path file) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private PipelineFixture() throws Exception {
    root = Files.createTempDirectory("modelship-process-");
    registry = RegistryServer.basicAuth();
    registry.start();
    Runtime.getRuntime().addShutdownHook(new Thread(registry::close, "registry-stop"));
    base = TestImages.pushBusyboxBase(registry, Files.createDirectories(root.resolve("base")));
    passwordFile = Files.writeString(root.resolve("registry-password"), registry.password());
    repository = newRepository(APP);
    secondRepository = newRepository(SECOND_APP);
    changeModel();
    TestImages.model(models().resolve(SECOND_MODEL), 4096, 1000);
  }

  private Path newRepository(String app) throws Exception {
    Path dir = root.resolve("repos").resolve(app);
    try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
      TestImages.app(dir, "1");
      Files.writeString(dir.resolve(".modelship.yaml"), pipelineFile(app, null, "www"));
      commit(git, "first version");
    }
    return dir;
  }

  public static synchronized PipelineFixture get() {
    if (instance == null) {
      try {
        instance = new PipelineFixture();
      } catch (Exception e) {
        throw new IllegalStateException("Expected the process test fixture to start, but: " + e, e);
      }
    }
    return instance;
  }

  /** The {@code .modelship.yaml} of {@code model-api}. */
  public String pipelineFile(String sha256, String files) {
    return pipelineFile(APP, sha256, files);
  }

  /** An app's {@code .modelship.yaml}; {@code sha256} pins the model, {@code files} the app. */
  String pipelineFile(String app, String sha256, String files) {
    String modelUri = "file:" + (APP.equals(app) ? MODEL : SECOND_MODEL);
    return """
        app: %s
        releaseBranch: main
        model:
          uri: %s
          path: /app/model/weights.bin
        %s
        test:
          command: ["true"]
        image:
          base: %s
          workdir: /app
          files: ["%s"]
          entrypoint: ["/bin/sh", "-c", "exec httpd -f -p 127.0.0.1:${PORT:-8080} -h /app/www"]
          port: 8080
        deploy:
          manifests: k8s/
        smoke:
          - {method: GET, path: /, status: 200, bodyContains: Healthy}
        """
        .formatted(
            app, modelUri, sha256 == null ? "" : "  sha256: \"" + sha256 + "\"", base, files);
  }

  /** Commits {@code content} as {@code file} on main of {@code model-api}; returns the SHA. */
  public String commit(String file, String content) {
    return commit(APP, file, content);
  }

  /** Commits {@code content} as {@code file} on main of the app; returns the commit SHA. */
  synchronized String commit(String app, String file, String content) {
    Path repo = repository(app);
    try (Git git = Git.open(repo.toFile())) {
      Path target = repo.resolve(file);
      Files.createDirectories(target.getParent());
      Files.writeString(target, content);
      return commit(git, "change " + file);
    } catch (Exception e) {
      throw new IllegalStateException("Expected to commit " + file + ", but: " + e, e);
    }
  }

  /** The commit at the head of main. */
  synchronized String head() {
    try (Git git = Git.open(repository.toFile())) {
      return git.getRepository().resolve("refs/heads/main").getName();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Publishes a new model (new content, new digest) at the app's model URI. */
  synchronized void changeModel() {
    try {
      TestImages.model(models().resolve(MODEL), 4096, ++this.models);
      modelListeners.forEach(Runnable::run);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String commit(Git git, String message) throws Exception {
    git.add().addFilepattern(".").call();
    PersonIdent who = new PersonIdent("Modelship Test", "test@modelship.invalid");
    return git.commit().setMessage(message).setAuthor(who).setCommitter(who).call().getName();
  }

  String repositoryUrl() {
    return repositoryUrl(APP);
  }

  String repositoryUrl(String app) {
    return repository(app).toUri().toString();
  }

  private Path repository(String app) {
    return APP.equals(app) ? repository : secondRepository;
  }

  /**
   * What points Modelship at this fixture: its apps' repositories, the registry (its user and
   * password file), Jib's cache and the step logs; as Spring properties, for a Spring context or as
   * {@code --name=value} arguments of the packaged jar.
   */
  public Map<String, String> modelshipProperties() {
    Map<String, String> properties = new LinkedHashMap<>();
    for (String app : List.of(APP, SECOND_APP)) {
      properties.put("modelship.pipeline.apps." + app + ".repository-url", repositoryUrl(app));
    }
    properties.put("modelship.registry.host", registry.host());
    properties.put("modelship.registry.username", "modelship");
    properties.put("modelship.registry.password-file", passwordFile.toString());
    properties.put("modelship.registry.insecure", "true");
    properties.put("modelship.image.jib.cache-directory", jibCache().toString());
    properties.put("modelship.step-logs.folder.root", stepLogs().toString());
    return properties;
  }

  public RegistryServer registry() {
    return registry;
  }

  Path passwordFile() {
    return passwordFile;
  }

  Path models() {
    return root.resolve("models");
  }

  Path workspaces() {
    return root.resolve("workspaces");
  }

  Path stepLogs() {
    return root.resolve("step-logs");
  }

  Path jibCache() {
    return jibCache != null ? jibCache : root.resolve("jib");
  }

  /**
   * Puts Jib's cache elsewhere for the Spring contexts started from now on (null: back to the
   * default). A test class cannot override the property itself: Spring registers a subclass's
   * dynamic properties before its superclass's, so {@link ProcessTestSupport}'s would win.
   */
  void jibCacheAt(Path folder) {
    this.jibCache = folder;
  }
}

package io.modelship.image;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.TarImage;
import io.modelship.build.AppPipelineConfig;
import io.modelship.servers.DockerEngine;
import io.modelship.servers.RegistryServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Base images, apps and requests for the image and deploy tests; no image is pulled. */
public final class TestImages {

  public static final String ENV_PASSWORD = "TEST_REGISTRY_PASSWORD";
  public static final String MODEL_PATH = "/app/model/weights.json";
  public static final String MODEL_URI = "s3://models/digits/weights.json?X-Amz-Signature=secret";

  private TestImages() {}

  /** A {@code docker save}-style tarball of a busybox root filesystem, usable as a Jib base. */
  public static Path busyboxBaseTarball(Path dir) throws IOException {
    byte[] layer = DockerEngine.busyboxRootfs();
    String diffId = OciRegistryClient.sha256(layer);
    String config =
        """
        {"architecture":"amd64","os":"linux","config":{"Env":["PATH=/bin"]},\
        "rootfs":{"type":"layers","diff_ids":["%s"]},\
        "history":[{"created":"2000-01-01T00:00:00Z","created_by":"busybox-static rootfs"}]}"""
            .formatted(diffId);
    String manifest =
        "[{\"Config\":\"config.json\",\"RepoTags\":[\"local/busybox:1\"],\"Layers\":[\"layer.tar\"]}]";
    Path tarball = dir.resolve("busybox-base.tar");
    try (OutputStream file = Files.newOutputStream(tarball);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(file)) {
      add(tar, "layer.tar", layer);
      add(tar, "config.json", config.getBytes(StandardCharsets.UTF_8));
      add(tar, "manifest.json", manifest.getBytes(StandardCharsets.UTF_8));
    }
    return tarball;
  }

  /** Pushes the busybox base to the registry as {@code base/busybox:1}; returns its reference. */
  public static String pushBusyboxBase(RegistryServer registry, Path dir) throws Exception {
    String reference = registry.host() + "/base/busybox:1";
    RegistryImage target =
        RegistryImage.named(reference).addCredential(RegistryServer.USERNAME, registry.password());
    Jib.from(TarImage.at(busyboxBaseTarball(dir)))
        .containerize(
            Containerizer.to(target)
                .setAllowInsecureRegistries(true)
                .setBaseImageLayersCache(dir.resolve("base-push-cache"))
                .setApplicationLayersCache(dir.resolve("base-push-cache")));
    return reference;
  }

  /**
   * A tiny web app for busybox {@code httpd}: {@code GET /} answers {@code Healthy}, {@code
   * /version.json} names the version; {@code smoke/score.json} is a request body.
   */
  public static Path app(Path workspace, String version) throws IOException {
    Files.createDirectories(workspace.resolve("www"));
    Files.writeString(workspace.resolve("www/index.html"), "Healthy\n");
    Files.writeString(workspace.resolve("www/version.json"), "{\"version\":\"" + version + "\"}\n");
    Files.createDirectories(workspace.resolve("smoke"));
    Files.writeString(workspace.resolve("smoke/score.json"), "{\"pixels\":[0,1,2]}\n");
    return workspace;
  }

  /** A model file of {@code size} bytes, its content fixed by {@code seed}. */
  public static Path model(Path file, int size, int seed) throws IOException {
    byte[] bytes = new byte[size];
    new java.util.Random(seed).nextBytes(bytes);
    Files.createDirectories(file.getParent());
    Files.write(file, bytes);
    return file;
  }

  /** {@code config} with the image entrypoint {@code command}. */
  public static AppPipelineConfig withEntrypoint(AppPipelineConfig config, List<String> command) {
    AppPipelineConfig.Image image = config.image();
    return new AppPipelineConfig(
        config.app(),
        config.releaseBranch(),
        config.model(),
        config.test(),
        new AppPipelineConfig.Image(
            image.base(),
            image.workdir(),
            image.files(),
            command,
            image.port(),
            image.env(),
            image.dockerfile()),
        config.deploy(),
        config.smoke());
  }

  public static AppPipelineConfig config(String base) {
    return new AppPipelineConfig(
        "model-api",
        "main",
        new AppPipelineConfig.Model(MODEL_URI, null, MODEL_PATH),
        null,
        new AppPipelineConfig.Image(
            base,
            "/app",
            List.of("www"),
            List.of("/bin/sh", "-c", "exec httpd -f -p 127.0.0.1:${PORT:-8080} -h /app/www"),
            8080,
            Map.of("GREETING", "hello"),
            "Dockerfile"),
        new AppPipelineConfig.Deploy("k8s/"),
        List.of());
  }

  public static ImageBuildRequest request(
      String runId, Path workspace, AppPipelineConfig config, Path model) throws IOException {
    return new ImageBuildRequest(
        runId,
        workspace,
        config,
        model,
        MODEL_URI,
        OciRegistryClient.sha256(Files.readAllBytes(model)).substring("sha256:".length()),
        "0123456789abcdef0123456789abcdef01234567",
        Instant.parse("2026-11-20T10:15:30Z"),
        "https://github.com/example/model-api");
  }

  public static RegistryProperties registry(RegistryServer registry) {
    return new RegistryProperties(
        registry.host(), "", RegistryServer.USERNAME, null, ENV_PASSWORD, true);
  }

  public static java.util.function.UnaryOperator<String> environment(RegistryServer registry) {
    return name -> name.equals(ENV_PASSWORD) ? registry.password() : null;
  }

  public static RegistryProperties noRegistry() {
    return new RegistryProperties("", "", "", null, ENV_PASSWORD, false);
  }

  private static void add(TarArchiveOutputStream tar, String name, byte[] content)
      throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(content.length);
    entry.setMode(0644);
    tar.putArchiveEntry(entry);
    tar.write(content);
    tar.closeArchiveEntry();
  }

  static byte[] read(java.io.InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    in.transferTo(out);
    return out.toByteArray();
  }
}

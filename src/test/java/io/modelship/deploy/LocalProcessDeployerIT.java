package io.modelship.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelship.build.AppPipelineConfig;
import io.modelship.image.BuiltImage;
import io.modelship.image.JibImageBuilder;
import io.modelship.image.JibImageBuilderProperties;
import io.modelship.image.OciRegistryPublisher;
import io.modelship.image.TestImages;
import io.modelship.step.BusinessOutcomeException;
import io.modelship.step.ErrorCode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local-process target runs real processes: images built by Jib on a busybox base into OCI
 * tarballs, their app files and model unpacked and served by this machine's Debian python3.
 */
class LocalProcessDeployerIT {

  private static final String SERVE =
      "cp \"$MODEL_PATH\" www/model.bin && exec python3 -m http.server --bind \"$HOST\" \"$PORT\""
          + " --directory www";

  @TempDir Path dir;
  private final List<String> log = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void shouldRunTheImagesFilesAndModelReplaceKeepTheOldOneOnAFailedRolloutRollBackAndRemove()
      throws Exception {
    // given
    Path base = TestImages.busyboxBaseTarball(Files.createDirectories(dir.resolve("base")));
    String v1 = build("v1", config("tar://" + base, SERVE), 1);
    String v2 = build("v2", config("tar://" + base, SERVE), 2);
    String broken = build("v3", config("tar://" + base, "echo model missing >&2; exit 3"), 3);
    try (LocalProcessDeployer deployer = deployer()) {
      // when
      Deployment first = deployer.deploy(request(v1), log::add);
      Deployment again = deployer.deploy(request(v1), log::add);

      // then: the image's files and model, on loopback, once
      assertThat(first.target()).isEqualTo("local-process");
      assertThat(first.endpoint().getHost()).isEqualTo("127.0.0.1");
      assertThat(get(first, "/")).isEqualTo("Healthy\n");
      assertThat(get(first, "/version.json")).contains("\"v1\"");
      assertThat(bytes(first, "/model.bin"))
          .isEqualTo(Files.readAllBytes(dir.resolve("run-v1/model.bin")));
      assertThat(again).isEqualTo(first);
      assertThat(String.join("\n", log)).contains("already runs");

      // when: v2 replaces it
      Deployment second = deployer.deploy(request(v2), log::add);

      // then
      assertThat(get(second, "/version.json")).contains("\"v2\"");
      assertThat(second.endpoint()).isNotEqualTo(first.endpoint());
      assertThatThrownBy(() -> get(first, "/")).isInstanceOf(ConnectException.class);

      // when: a rollout whose process exits
      assertThatThrownBy(() -> deployer.deploy(request(broken), log::add))
          .isInstanceOfSatisfying(
              BusinessOutcomeException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.ROLLOUT_FAILED))
          .hasMessageContaining("exited with code 3");

      // then the previous one keeps serving, and its output is in the step log
      assertThat(get(second, "/version.json")).contains("\"v2\"");
      assertThat(String.join("\n", log)).contains("model missing");

      // when: rolled back to v1
      Deployment rolledBack = deployer.rollback(request(v1), log::add);

      // then
      assertThat(get(rolledBack, "/version.json")).contains("\"v1\"");

      // when: the app is taken out of the environment, and that delivered twice
      deployer.remove(request(v1), log::add);
      deployer.remove(request(v1), log::add);

      // then: its process is gone, its port is free, and the second removal found nothing
      String stopped =
          log.stream()
              .filter(line -> line.startsWith("Stopped process "))
              .findFirst()
              .orElseThrow();
      long pid = Long.parseLong(stopped.split(" ")[2]);
      assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
      assertThat(stopped).endsWith(" of model-api in staging");
      assertThatThrownBy(() -> get(rolledBack, "/")).isInstanceOf(ConnectException.class);
      try (ServerSocket port =
          new ServerSocket(
              rolledBack.endpoint().getPort(), 1, InetAddress.getByName("127.0.0.1"))) {
        assertThat(port.getLocalPort()).isEqualTo(rolledBack.endpoint().getPort());
      }
      assertThat(log.get(log.size() - 1)).isEqualTo("No process of model-api runs in staging");
    }
  }

  @Test
  void shouldRefuseATarballThatDoesNotHoldThePinnedDigest() throws Exception {
    // given
    String built = build("v1", config("scratch", SERVE), 1);
    String other = built.substring(0, built.lastIndexOf('@')) + "@sha256:" + "0".repeat(64);

    // when / then
    try (LocalProcessDeployer deployer = deployer()) {
      assertThatThrownBy(() -> deployer.deploy(request(other), log::add))
          .hasMessageContaining("to hold sha256:000")
          .hasMessageContaining("but it holds " + built.substring(built.lastIndexOf('@') + 1));
    }
  }

  @Test
  void shouldNameWhatIsMissingWhenTheEntrypointIsNotOnThePath() throws Exception {
    // given
    String built = build("v1", config("scratch", SERVE), 1);
    AppPipelineConfig config =
        TestImages.withEntrypoint(config("scratch", SERVE), List.of("gunicorn-nowhere"));

    // when / then
    try (LocalProcessDeployer deployer = deployer()) {
      assertThat(deployer.unable(new DeployRequest("staging", built, config, dir)))
          .hasValueSatisfying(why -> assertThat(why).contains("'gunicorn-nowhere' is not on"));
      assertThat(
              deployer.unable(
                  new DeployRequest(
                      "staging",
                      "registry.example/model-api@sha256:" + "1".repeat(64),
                      config,
                      dir)))
          .hasValueSatisfying(why -> assertThat(why).contains("is in a registry"));
    }
  }

  private String build(String version, AppPipelineConfig config, int seed) throws Exception {
    Path workspace = TestImages.app(dir.resolve("ws-" + version), version);
    Path model = TestImages.model(dir.resolve("run-" + version + "/model.bin"), 20_000, seed);
    BuiltImage image =
        new JibImageBuilder(
                TestImages.noRegistry(),
                new JibImageBuilderProperties(dir.resolve("cache"), dir.resolve("images")),
                name -> null)
            .build(TestImages.request(version, workspace, config, model), log::add);
    return new OciRegistryPublisher(TestImages.noRegistry(), name -> null)
        .publish(image, List.of(), log::add)
        .pinned();
  }

  private static AppPipelineConfig config(String base, String script) {
    return TestImages.withEntrypoint(TestImages.config(base), List.of("/bin/sh", "-c", script));
  }

  private DeployRequest request(String image) {
    return new DeployRequest("staging", image, config("unused", SERVE), dir);
  }

  private LocalProcessDeployer deployer() {
    return new LocalProcessDeployer(
        new LocalProcessDeployerProperties(
            dir.resolve("local-process"),
            "/usr/local/bin:/usr/bin:/bin",
            Map.of(),
            "127.0.0.1",
            "/",
            Duration.ofSeconds(20)));
  }

  private String get(Deployment deployment, String path) throws IOException, InterruptedException {
    return new String(bytes(deployment, path));
  }

  private byte[] bytes(Deployment deployment, String path)
      throws IOException, InterruptedException {
    URI uri = deployment.endpoint().resolve(path);
    return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray())
        .body();
  }
}

package io.modelship.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.HostConfig;
import io.modelship.servers.DockerEngine;
import io.modelship.servers.RegistryServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample's base image made from Debian packages by {@code tools/base-images/build}: pushed to a
 * registry with credentials over TLS, pulled by a Docker engine, and serving the sample app. The
 * first run on a machine takes about a minute (debootstrap); later runs use the cached tarball.
 */
class BaseImageIT {

  @RegisterExtension static RegistryServer registry = RegistryServer.basicAuth();
  @RegisterExtension static DockerEngine docker = new DockerEngine();

  @TempDir Path workspace;
  @TempDir Path certs;

  @Test
  void shouldBuildPushAndServeTheSampleAppsDockerfileOnTheDebianBase() throws Exception {
    // given
    SampleApp sample = SampleApp.copyTo(workspace);
    Files.copy(registry.certificate(), certs.resolve("ca.crt"));
    String ref = registry.host() + "/model-api-base:bookworm";

    // when
    LocalProcess.Result built =
        LocalProcess.run(
            Path.of("."),
            List.of(
                "tools/base-images/build",
                "python-flask",
                "--push",
                ref,
                "--dest-cert-dir",
                certs.toString(),
                "--dest-creds",
                RegistryServer.USERNAME + ":" + registry.password()),
            Map.of(),
            Duration.ofMinutes(8));

    // then the tarball is cached and the image is in the registry
    assertThat(built.exitCode()).as("build said:%n%s", built.output()).isZero();
    Path tarball = Path.of(built.output().strip().lines().reduce((a, b) -> b).orElseThrow());
    assertThat(tarball).isRegularFile();
    assertThat(tarball.toString()).endsWith(".tar").contains("python-flask-bookworm-");

    // and a Docker engine pulls it and serves the sample's entrypoint on it
    DockerClient client = docker.client();
    client
        .pullImageCmd(registry.host() + "/model-api-base")
        .withTag("bookworm")
        .withAuthConfig(
            new AuthConfig()
                .withRegistryAddress(registry.host())
                .withUsername(RegistryServer.USERNAME)
                .withPassword(registry.password()))
        .start()
        .awaitCompletion(2, TimeUnit.MINUTES);
    // and the sample's Dockerfile builds on it (as Modelship's Docker builder does) and serves
    String image =
        client
            .buildImageCmd(workspace.toFile())
            .withBuildArg("BASE", ref)
            .withTags(Set.of("model-api:it"))
            .start()
            .awaitImageId(3, TimeUnit.MINUTES);
    int port = LocalProcess.freePort();
    String container =
        client
            .createContainerCmd(image)
            .withEnv("HOST=127.0.0.1", "PORT=" + port, "WORKERS=1")
            .withHostConfig(HostConfig.newHostConfig().withNetworkMode("host"))
            .exec()
            .getId();
    client.startContainerCmd(container).exec();
    HttpClient http = HttpClient.newHttpClient();
    URI base = URI.create("http://127.0.0.1:" + port);
    HttpResponse<String> answer =
        LocalProcess.awaitAnswer(http, base.resolve("/"), Duration.ofSeconds(30));
    HttpResponse<String> score =
        http.send(
            HttpRequest.newBuilder(base.resolve("/score"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofFile(workspace.resolve("smoke/score.json")))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(answer.body()).isEqualTo("Healthy");
    assertThat(score.body()).contains("\"label\":\"7\"").contains(sample.config().model().sha256());
    assertThat(client.inspectImageCmd(image).exec().getConfig().getUser()).isEqualTo("65534");
  }
}

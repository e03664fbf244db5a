package io.modelship.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.model.HostConfig;
import io.modelship.servers.DockerEngine;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Modelship's own image, as jib-maven-plugin writes it in {@code package}: it loads into a Docker
 * engine, runs as a non-root user, and reports itself live and ready: its embedded engine answers
 * the Camunda client and its model cache is writable.
 */
class ModelshipImageIT {

  static final Path IMAGE = Path.of("target/modelship-image.tar");

  @RegisterExtension static DockerEngine docker = new DockerEngine();

  @Test
  void shouldStartFromItsImageTarballAndReportLiveAndReady() throws Exception {
    // given
    assertThat(IMAGE)
        .as(
            "Expected Modelship's image tarball, written by `./mvnw package` (its base comes from"
                + " bin/setup: tools/base-images/build jre17)")
        .isRegularFile();
    DockerClient client = docker.client();
    try (InputStream in = Files.newInputStream(IMAGE)) {
      client.loadImageCmd(in).exec();
    }
    String image = System.getProperty("modelship.image", "modelship:0.1.0-SNAPSHOT");
    InspectImageResponse inspected = client.inspectImageCmd(image).exec();
    int port = LocalProcess.freePort();

    // when
    String container =
        client
            .createContainerCmd(image)
            .withEnv("SERVER_ADDRESS=127.0.0.1", "SERVER_PORT=" + port)
            .withHostConfig(HostConfig.newHostConfig().withNetworkMode("host"))
            .exec()
            .getId();
    client.startContainerCmd(container).exec();
    HttpResponse<String> health =
        LocalProcess.awaitAnswer(
            HttpClient.newHttpClient(),
            URI.create("http://127.0.0.1:" + port + "/actuator/health/liveness"),
            Duration.ofMinutes(2));

    HttpResponse<String> readiness =
        LocalProcess.awaitAnswer(
            HttpClient.newHttpClient(),
            URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"),
            Duration.ofMinutes(1));

    // then
    assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(200);
    assertThat(readiness.body())
        .contains("\"camundaClient\":{\"status\":\"UP\"")
        .contains("\"modelStore\":{\"status\":\"UP\"");
    assertThat(inspected.getConfig().getUser()).isEqualTo("65534:65534");
    assertThat(inspected.getConfig().getWorkingDir()).isEqualTo("/var/lib/modelship");
    assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
    assertThat(health.body()).contains("\"status\":\"UP\"");
  }
}

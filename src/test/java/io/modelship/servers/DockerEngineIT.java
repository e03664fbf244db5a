package io.modelship.servers;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerResponse;
import com.github.dockerjava.api.model.HostConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DockerEngineIT {

  @Test
  void shouldRunAContainerFromALocalBusyboxImageAndLeaveNothingBehind() throws Exception {
    DockerEngine engine = new DockerEngine();
    Path root;
    try {
      // given
      engine.start();
      root = engine.root();
      DockerClient docker = engine.client();
      String imageId = engine.importBusyboxImage("local/busybox:1");
      int port = FreePorts.loopback();

      // when
      CreateContainerResponse container =
          docker
              .createContainerCmd("local/busybox:1")
              .withCmd(
                  "sh",
                  "-c",
                  "mkdir -p /www && echo hello-from-busybox > /www/index.html"
                      + " && exec httpd -f -p 127.0.0.1:"
                      + port
                      + " -h /www")
              .withHostConfig(HostConfig.newHostConfig().withNetworkMode("host"))
              .exec();
      docker.startContainerCmd(container.getId()).exec();

      // then
      assertThat(imageId).startsWith("sha256:");
      assertThat(engine.dockerHost()).startsWith("unix:///").endsWith("docker.sock");
      assertThat(get("http://127.0.0.1:" + port + "/")).contains("hello-from-busybox");
    } finally {
      engine.close();
    }
    assertThat(root).doesNotExist();
    assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(root.toString());
  }

  private static String get(String url) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    Exception last = null;
    for (int i = 0; i < 50; i++) {
      try {
        return http.send(
                HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
      } catch (java.io.IOException e) {
        last = e;
        Thread.sleep(100);
      }
    }
    throw new AssertionError("Expected " + url + " to answer, but it did not", last);
  }
}

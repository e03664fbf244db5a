package io.modelship.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import io.modelship.servers.DockerEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/private-dockerd}, which {@code bin/run --demo --start-docker} uses: an engine of its
 * own that answers on its socket, and nothing of it left after {@code stop}.
 */
class PrivateDockerdIT {

  @Test
  void shouldStartAnEngineThatAnswersAndLeaveNothingBehind() throws Exception {
    // given
    Path dir = Files.createTempDirectory(Path.of("/tmp"), "msd-it-");
    try {
      // when
      LocalProcess.Result started =
          LocalProcess.run(
              Path.of("."),
              List.of("bin/private-dockerd", "start", dir.toString()),
              Map.of(),
              Duration.ofMinutes(2));

      // then
      assertThat(started.exitCode()).as(started.output()).isZero();
      assertThat(started.output().strip()).isEqualTo("unix://" + dir.resolve("docker.sock"));
      long pid = Long.parseLong(Files.readString(dir.resolve("docker.pid")).strip());
      try (DockerClient client = DockerEngine.connect(started.output().strip())) {
        client.pingCmd().exec();
        assertThat(client.infoCmd().exec().getDockerRootDir()).startsWith(dir.toString());
      }

      // when
      LocalProcess.Result stopped =
          LocalProcess.run(
              Path.of("."),
              List.of("bin/private-dockerd", "stop", dir.toString()),
              Map.of(),
              Duration.ofMinutes(2));

      // then
      assertThat(stopped.exitCode()).as(stopped.output()).isZero();
      assertThat(dir).doesNotExist();
      assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
      assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(dir.toString());
    } finally {
      LocalProcess.run(
          Path.of("."),
          List.of("bin/private-dockerd", "stop", dir.toString()),
          Map.of(),
          Duration.ofMinutes(2));
    }
  }
}

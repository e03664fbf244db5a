package io.modelship.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SIGTERM answers the long polls the engine holds, empty, and the engine stops without waiting
 * for their request timeouts (Tomcat's graceful shutdown waits for every request it holds).
 */
class ShutdownPollIT {

  @TempDir Path data;

  @Test
  void shouldAnswerWaitingPollsEmptyAndStopWithoutWaitingForTheirRequestTimeout() throws Exception {
    // given a poll that would wait ten minutes, longer than stop() waits before kill -9 (30 s)
    Path log = Path.of("target", "shutdown-poll-it.log");
    Files.deleteIfExists(log);
    try (EngineProcess engine = EngineProcess.start(data, log);
        ParkedPoll poll = ParkedPoll.open(engine.port(), "shutdown-it", 600_000)) {

      // when
      engine.stop();

      // then the engine exited on its own, and the poll got an empty answer
      assertThat(engine.exitCode())
          .as("exit code (137: killed after 30 s); see " + log)
          .isEqualTo(143);
      assertThat(poll.readToEnd(10_000)).contains("{\"jobs\":[]}");
    }
  }
}

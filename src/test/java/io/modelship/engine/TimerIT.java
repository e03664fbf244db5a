package io.modelship.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimerIT extends EngineITSupport {

  @Test
  void shouldWaitAtATimerCatchEventUntilTheClockPassesItsDueDate() {
    // given
    deploy("timer-catch.bpmn");
    long instance = start("timer-catch", Map.of());
    moveClock(Duration.ofMinutes(59));
    assertThat(activate("tc-after")).isEmpty();

    // when
    moveClock(Duration.ofMinutes(61));

    // then
    assertThat(activateOne("tc-after").getProcessInstanceKey()).isEqualTo(instance);
  }

  @Test
  void shouldInterruptTheActivityWhenItsBoundaryTimerIsDue() {
    // given
    deploy("boundary-events.bpmn");
    long instance = start("boundary-events", Map.of());

    // when
    moveClock(Duration.ofMinutes(11));

    // then
    assertThat(activate("be-work")).isEmpty();
    assertThat(activateOne("be-timeout").getProcessInstanceKey()).isEqualTo(instance);
  }

  @Test
  void shouldStartAnInstanceFromATimerStartEventOnlyOfTheLatestVersion() {
    // given
    deploy("timer-start.bpmn");
    client
        .newDeployResourceCommand()
        .addResourceStringUtf8(
            new String(read("bpmn/timer-start.bpmn")).replace("ts-work", "ts-work-v2"),
            "timer-start.bpmn")
        .send()
        .join();

    // when
    moveClock(Duration.ofHours(25));

    // then
    assertThat(activate("ts-work")).isEmpty();
    assertThat(activate("ts-work-v2")).isNotEmpty();
  }

  private static byte[] read(String resource) {
    try (var in = TimerIT.class.getClassLoader().getResourceAsStream(resource)) {
      return in.readAllBytes();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}

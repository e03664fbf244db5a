package io.modelship.engine.timer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimerScheduleTest {

  private static final long NOW = Instant.parse("2030-03-10T12:00:00Z").toEpochMilli();

  private static long at(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  @Test
  void shouldBeDueAtAnIsoDateTimeWithOffset() {
    assertThat(TimerSchedule.date("2030-03-11T08:00:00+01:00").firstDueMillis())
        .isEqualTo(at("2030-03-11T07:00:00Z"));
  }

  @Test
  void shouldAddADurationWithDateAndTimeParts() {
    assertThat(TimerSchedule.duration("P1DT1H30M", NOW).firstDueMillis())
        .isEqualTo(at("2030-03-11T13:30:00Z"));
  }

  @Test
  void shouldRepeatAnIntervalTheGivenNumberOfTimes() {
    TimerSchedule cycle = TimerSchedule.cycle("R3/PT10S", NOW);
    assertThat(cycle.firstDueMillis()).isEqualTo(NOW + 10_000);
    assertThat(cycle.repetitions()).isEqualTo(3);
    assertThat(TimerSchedule.next(cycle.cycle(), cycle.firstDueMillis())).isEqualTo(NOW + 20_000);
  }

  @Test
  void shouldRepeatForeverWithoutACountAndStartAtAGivenDate() {
    TimerSchedule cycle = TimerSchedule.cycle("R/2030-04-01T00:00:00Z/PT1H", NOW);
    assertThat(cycle.repetitions()).isEqualTo(-1);
    assertThat(cycle.firstDueMillis()).isEqualTo(at("2030-04-01T00:00:00Z"));
  }

  @Test
  void shouldReadZeebeCronWithSecondsFirst() {
    TimerSchedule cron = TimerSchedule.cycle("0 0 2 * * ?", NOW);
    assertThat(cron.firstDueMillis()).isEqualTo(at("2030-03-11T02:00:00Z"));
    assertThat(TimerSchedule.next(cron.cycle(), cron.firstDueMillis()))
        .isEqualTo(at("2030-03-12T02:00:00Z"));
  }

  @Test
  void shouldNameWhatIsWrongWithAnInvalidCycle() {
    assertThatThrownBy(() -> TimerSchedule.cycle("every day", NOW))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Expected a timer cycle")
        .hasMessageContaining("every day");
  }
}

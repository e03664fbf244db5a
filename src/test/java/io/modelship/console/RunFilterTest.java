package io.modelship.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RunFilterTest {

  @Test
  void shouldTakeDefaultsAndMapTheProcessToItsRunKind() {
    // when
    RunFilter none = RunFilter.of(null, "", " ", null, null);
    RunFilter some = RunFilter.of("model-api", "nightly-release", "incident", "2", "50");
    // then
    assertThat(none).isEqualTo(new RunFilter(null, null, null, null, 0, 20));
    assertThat(some.kind()).isEqualTo("release");
    assertThat(some.query(3))
        .isEqualTo("?page=3&size=50&app=model-api&process=nightly-release&state=incident");
  }

  @Test
  void shouldRefuseMalformedParametersNamingThem() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RunFilter.of("Model API", null, null, null, null))
        .withMessageContaining("'app'");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RunFilter.of(null, "other", null, null, null))
        .withMessageContaining("'process'");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RunFilter.of(null, null, "sleeping", null, null))
        .withMessageContaining("'state'");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RunFilter.of(null, null, null, "x", null))
        .withMessage("Expected 'page' to be a number from 0 to 10000, but it was 'x'");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RunFilter.of(null, null, null, null, "101"))
        .withMessageContaining("'size'");
  }

  @Test
  void shouldShowDurationsAndShortDigestsForPeople() {
    assertThat(RunList.format(Duration.ofSeconds(42))).isEqualTo("42 s");
    assertThat(RunList.format(Duration.ofSeconds(125))).isEqualTo("2 min 5 s");
    assertThat(RunList.format(Duration.ofMinutes(75))).isEqualTo("1 h 15 min");
    assertThat(RunList.shortSha("sha256:5f6abf941db4525e", 12)).isEqualTo("5f6abf941db4");
    assertThat(RunList.shortSha("abc", 12)).isEqualTo("abc");
    assertThat(RunList.shortSha(null, 12)).isNull();
  }
}

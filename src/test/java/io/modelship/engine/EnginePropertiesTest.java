package io.modelship.engine;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class EnginePropertiesTest {

  private static EngineProperties properties(String username, String password) {
    return new EngineProperties(
        true,
        false,
        0,
        "127.0.0.1",
        username,
        password,
        Path.of("data"),
        false,
        DataSize.ofMegabytes(4),
        false,
        10_000,
        java.time.Duration.ofDays(7),
        -1,
        java.time.Duration.ofSeconds(30));
  }

  @Test
  void shouldAllowLoopbackWithoutCredentials() {
    assertThatCode(() -> properties(null, null).checkBinding("127.0.0.1"))
        .doesNotThrowAnyException();
    assertThatCode(() -> properties(null, null).checkBinding("localhost"))
        .doesNotThrowAnyException();
  }

  @Test
  void shouldRefuseAnyOtherAddressWithoutCredentials() {
    assertThatThrownBy(() -> properties(null, null).checkBinding("0.0.0.0"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'0.0.0.0'")
        .hasMessageContaining("modelship.engine.username");
  }

  @Test
  void shouldAllowAnyAddressWithCredentials() {
    assertThatCode(() -> properties("engine", "s3cret").checkBinding("0.0.0.0"))
        .doesNotThrowAnyException();
  }
}

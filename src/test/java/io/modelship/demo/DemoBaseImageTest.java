package io.modelship.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoBaseImageTest {

  @TempDir Path dir;

  @Test
  void shouldTakeTheConfiguredBase() {
    DemoBaseImage base = DemoBaseImage.choose("registry.example/base@sha256:00", Map.of());

    assertThat(base.reference()).isEqualTo("registry.example/base@sha256:00");
    assertThat(base.runnable()).isTrue();
  }

  @Test
  void shouldTakeTheCachedDebianBaseAsATarball() throws Exception {
    // given
    Path cache = Files.createDirectories(dir.resolve("cache/base-images"));
    Files.writeString(cache.resolve("python-flask.tar"), "tar");

    // when
    DemoBaseImage base =
        DemoBaseImage.choose("", Map.of("MODELSHIP_CACHE", dir.resolve("cache").toString()));

    // then
    assertThat(base.reference()).isEqualTo("tar://" + cache.resolve("python-flask.tar"));
    assertThat(base.runnable()).isTrue();
  }

  @Test
  void shouldFallBackToScratchAndSayWhy() {
    // when
    DemoBaseImage base = DemoBaseImage.choose("", Map.of("XDG_CACHE_HOME", dir.toString()));

    // then
    assertThat(base.reference()).isEqualTo("scratch");
    assertThat(base.runnable()).isFalse();
    assertThat(base.description())
        .contains("no cached Debian base at " + dir.resolve("modelship/base-images"))
        .contains("tools/base-images/build python-flask")
        .contains("only a local process can run it");
  }

  @Test
  void shouldFallBackToScratchWhenTheCachePathIsNoValidImageBase() throws Exception {
    // given: image.base allows lowercase letters only
    Path cache = Files.createDirectories(dir.resolve("Cache/base-images"));
    Files.writeString(cache.resolve("python-flask.tar"), "tar");

    // when
    DemoBaseImage base =
        DemoBaseImage.choose("", Map.of("MODELSHIP_CACHE", dir.resolve("Cache").toString()));

    // then
    assertThat(base.reference()).isEqualTo("scratch");
    assertThat(base.description()).contains("has characters image.base does not allow");
  }
}

package io.modelship.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelship.step.TransientStepException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RangedDownloadTest {

  @TempDir Path dir;

  final byte[] object = TestModels.bytes(9, 1_000_003);

  @Test
  void shouldHashInOrderWhenRangesCompleteOutOfOrder() throws IOException {
    // given: the first range is the slowest
    Set<Long> offsets = Collections.synchronizedSet(new HashSet<>());
    RangedDownload.RangeReader reader =
        (offset, length, out) -> {
          offsets.add(offset);
          try {
            if (offset == 0) {
              Thread.sleep(300);
            }
            out.write(object, (int) offset, (int) length);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        };

    // when
    String sha256;
    try (RangedDownload download = new RangedDownload(100_000, 4)) {
      sha256 = download.download(dir.resolve("model.bin"), object.length, reader);
    }

    // then
    assertThat(sha256).isEqualTo(TestModels.sha256(object));
    assertThat(Files.readAllBytes(dir.resolve("model.bin"))).isEqualTo(object);
    assertThat(offsets).hasSize(11);
  }

  @Test
  void shouldFailTransientlyWhenARangeComesShort() {
    try (RangedDownload download = new RangedDownload(100_000, 2)) {
      assertThatThrownBy(
              () ->
                  download.download(
                      dir.resolve("short.bin"),
                      object.length,
                      (offset, length, out) -> {
                        try {
                          out.write(object, (int) offset, (int) length - 1);
                        } catch (IOException e) {
                          throw new UncheckedIOException(e);
                        }
                      }))
          .isInstanceOf(TransientStepException.class)
          .hasMessageContaining("the object may have changed during the fetch");
    }
  }

  @Test
  void shouldPassOnWhatARangeThrows() {
    try (RangedDownload download = new RangedDownload(100_000, 2)) {
      assertThatThrownBy(
              () ->
                  download.download(
                      dir.resolve("fails.bin"),
                      object.length,
                      (offset, length, out) -> {
                        throw new IllegalStateException("refused " + offset);
                      }))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("refused");
    }
  }

  @Test
  void shouldWriteAnEmptyObjectWithoutARequest() {
    try (RangedDownload download = new RangedDownload(100_000, 2)) {
      String sha256 =
          download.download(
              dir.resolve("empty.bin"),
              0,
              (offset, length, out) -> {
                throw new AssertionError("no request for an empty object");
              });
      assertThat(sha256).isEqualTo(TestModels.sha256(new byte[0]));
    }
  }
}

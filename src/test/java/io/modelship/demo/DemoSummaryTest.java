package io.modelship.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelship.release.StepRecord;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoSummaryTest {

  private static final URI CONSOLE = URI.create("http://localhost:8123/");
  private static final Instant T0 = Instant.parse("2026-12-07T08:00:00Z");

  @Test
  void shouldNameEachRunsConsolePageBesideItsSteps() {
    // given
    DemoSummary summary = new DemoSummary(CONSOLE);

    // when
    summary.run(
        new DemoSummary.RunPart(
            "commit-build",
            "20261207-080000-aaaaaa",
            "image published",
            List.of(step("20261207-080000-aaaaaa", "fetch-source"))),
        s -> "/logs/" + s.step() + ".log");
    summary.run(
        new DemoSummary.RunPart(
            "nightly-release",
            "20261207-080100-bbbbbb",
            "released",
            List.of(step("20261207-080100-bbbbbb", "select-apps"))),
        s -> "/logs/" + s.step() + ".log");

    // then: each run's line is followed by its page, then its steps
    List<String> lines = summary.lines();
    int build = lines.indexOf("commit-build, run 20261207-080000-aaaaaa: image published (1.5 s)");
    int release = lines.indexOf("nightly-release, run 20261207-080100-bbbbbb: released (1.5 s)");
    assertThat(build).isPositive();
    assertThat(release).isGreaterThan(build);
    assertThat(lines.get(build + 1))
        .isEqualTo("  console page: http://localhost:8123/runs/20261207-080000-aaaaaa");
    assertThat(lines.get(build + 2))
        .startsWith("  fetch-source")
        .endsWith("log: /logs/fetch-source.log");
    assertThat(lines.get(release + 1))
        .isEqualTo("  console page: http://localhost:8123/runs/20261207-080100-bbbbbb");
  }

  @Test
  void shouldSayWhereTheConsoleIsAndWhoSignsInWithoutThePassword() {
    // when
    List<String> lines =
        DemoSummary.keepServing(CONSOLE, "demo-auto-approver", Path.of("/data/demo/api-password"));

    // then
    assertThat(lines)
        .contains(
            "Web console: http://localhost:8123/ (sign in as demo-auto-approver, password in"
                + " /data/demo/api-password)");
    assertThat(String.join("\n", lines)).contains("Ctrl-C");
  }

  private static StepRecord step(String runId, String name) {
    return new StepRecord(
        runId,
        name,
        StepRecord.SUCCEEDED,
        "worker-1",
        null,
        1,
        null,
        null,
        null,
        T0,
        T0.plusMillis(1500),
        T0.plusMillis(1500));
  }
}

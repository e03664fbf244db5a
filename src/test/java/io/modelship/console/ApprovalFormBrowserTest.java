package io.modelship.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The approval form with a linked Camunda Form, in headless Chromium ({@code
 * tools/console-ui/form-check.mjs}): the built bundle renders the schema with form-js instead of
 * the plain comment field, and Approve posts the form's values with the decision and the CSRF
 * token. (The engine that serves {@code /v2/user-tasks/{key}/form} is tested with the engine.)
 */
class ApprovalFormBrowserTest {

  private static final Path CHECK = Path.of("tools/console-ui/form-check.mjs");
  private static final Path BUNDLE = Path.of("target/classes/static/console");

  @Test
  void shouldRenderALinkedFormWithFormJsAndPostItsValuesWithTheDecision() throws Exception {
    // given
    assertThat(BUNDLE.resolve("console.js"))
        .as("Expected the console bundle (the build makes it)")
        .exists();
    assertThat(Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium")))
        .as("Expected Debian's Chromium (run bin/setup)")
        .isExecutable();

    // when
    Process node =
        new ProcessBuilder("node", CHECK.toString(), BUNDLE.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    boolean ended = node.waitFor(2, TimeUnit.MINUTES);

    // then
    assertThat(ended).as(output).isTrue();
    assertThat(node.exitValue()).as(output).isZero();
    assertThat(output)
        .contains(
            "ok: form-js to render the linked form",
            "ok: the plain comment field to give way to the form",
            "ok: the post to carry the form's values");
  }
}

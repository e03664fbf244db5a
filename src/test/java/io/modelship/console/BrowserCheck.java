package io.modelship.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One phase of {@code tools/console-ui/console-check.mjs}: playwright-core driving Debian's
 * Chromium against a {@link ConsoleServer}, signed in as its {@code admin} and {@code reader}. The
 * script's output names every check that held.
 */
final class BrowserCheck {

  static final Path SCRIPT = Path.of("tools/console-ui/console-check.mjs");
  static final Path CHROMIUM =
      Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

  record Result(int exitCode, String output) {}

  private BrowserCheck() {}

  /** A missing browser or node fails here, with what to install; it never skips. */
  static void requireBrowser() {
    assertThat(CHROMIUM)
        .as("Expected Debian's Chromium at %s (run bin/setup)", CHROMIUM)
        .isExecutable();
    assertThat(nodeVersion())
        .as("Expected node (Node.js 20) on PATH to drive the browser (run bin/setup)")
        .startsWith("v");
    assertThat(SCRIPT.resolveSibling("node_modules/playwright-core"))
        .as("Expected playwright-core in tools/console-ui (the build's npm ci, or bin/setup)")
        .isDirectory();
  }

  /** Runs {@code phase} on run {@code runId}; output goes to a file in {@code dir}. */
  static Result run(Path dir, ConsoleServer server, String phase, String runId, Duration within)
      throws Exception {
    Path out = Files.createTempFile(dir, "console-check-", ".txt");
    ProcessBuilder node =
        new ProcessBuilder("node", SCRIPT.toString(), phase)
            .redirectErrorStream(true)
            .redirectOutput(out.toFile());
    node.environment()
        .putAll(
            Map.of(
                "CONSOLE_URL",
                server.url(),
                "RUN_ID",
                runId,
                "ADMIN_USER",
                "admin",
                "ADMIN_PASSWORD",
                server.adminPassword,
                "READER_USER",
                "reader",
                "READER_PASSWORD",
                server.readerPassword,
                "CHROMIUM",
                CHROMIUM.toString(),
                "TIMEOUT_SECONDS",
                String.valueOf(within.toSeconds())));
    Process process = node.start();
    if (!process.waitFor(within.toSeconds() + 60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor();
      throw new AssertionError(
          "Expected the browser check to end within " + within + ": " + Files.readString(out));
    }
    return new Result(process.exitValue(), Files.readString(out));
  }

  /** {@code node --version}, or what went wrong running it. */
  private static String nodeVersion() {
    try {
      Process node = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      String version =
          new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      return node.waitFor() == 0 ? version : "exit " + node.exitValue() + ": " + version;
    } catch (Exception e) {
      return "not runnable: " + e.getMessage();
    }
  }
}

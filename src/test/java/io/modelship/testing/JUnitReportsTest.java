package io.modelship.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JUnitReportsTest {

  @TempDir Path workspace;

  private final FileTime start = FileTime.from(Instant.now().minusSeconds(5));

  @Test
  void shouldAddUpSuitesAcrossFilesAndIgnoreNestedRepeats() throws IOException {
    Files.createDirectories(workspace.resolve("reports"));
    Files.writeString(
        workspace.resolve("reports/a.xml"),
        "<testsuites tests='5'><testsuite tests='5' failures='1' errors='0' skipped='2'>"
            + "<testsuite tests='5' failures='1'/></testsuite></testsuites>");
    Files.writeString(
        workspace.resolve("reports/b.xml"), "<testsuite tests='3' failures='0' errors='1'/>");

    JUnitReports reports = JUnitReports.read(workspace, "reports/*.xml", start);

    assertThat(reports)
        .extracting(
            JUnitReports::tests,
            JUnitReports::failures,
            JUnitReports::errors,
            JUnitReports::skipped)
        .containsExactly(8, 1, 1, 2);
  }

  @Test
  void shouldIgnoreReportsOlderThanTheRun() throws IOException {
    Path old =
        Files.writeString(workspace.resolve("junit.xml"), "<testsuite tests='1' failures='1'/>");
    Files.setLastModifiedTime(old, FileTime.from(Instant.now().minusSeconds(3600)));

    assertThat(JUnitReports.read(workspace, "*.xml", start)).isEqualTo(JUnitReports.NONE);
  }

  @Test
  void shouldRefuseDoctypesSoNoExternalEntityIsRead() throws IOException {
    Files.writeString(
        workspace.resolve("junit.xml"),
        "<?xml version='1.0'?><!DOCTYPE t [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>"
            + "<testsuite tests='1' name='&x;'/>");

    assertThatThrownBy(() -> JUnitReports.read(workspace, "*.xml", start))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("Expected junit.xml to be JUnit XML");
  }

  @Test
  void shouldReportNoneWithoutAGlob() throws IOException {
    assertThat(JUnitReports.read(workspace, null, start).tests()).isEqualTo(-1);
  }
}

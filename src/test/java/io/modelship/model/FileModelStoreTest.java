package io.modelship.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelship.step.BusinessOutcomeException;
import io.modelship.step.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileModelStoreTest {

  @TempDir Path root;
  @TempDir Path cacheDir;
  @TempDir Path outside;

  final byte[] model = TestModels.bytes(45, 100_000);
  final TestModels.Lines log = new TestModels.Lines();
  FileModelStore store;

  @BeforeEach
  void writeModel() throws IOException {
    Files.createDirectories(root.resolve("digits"));
    Files.write(root.resolve("digits/weights.json"), model);
    store = new FileModelStore(root, new ModelCache(cacheDir));
  }

  @Test
  void shouldCopyARelativeFileIntoTheCacheAndHashIt() throws IOException {
    FetchedModel fetched = store.fetch("file:digits/weights.json", TestModels.sha256(model), log);

    assertThat(Files.readAllBytes(fetched.file())).isEqualTo(model);
    assertThat(fetched.file()).startsWith(cacheDir);
    assertThat(fetched.sha256()).isEqualTo(TestModels.sha256(model));
    assertThat(fetched.bytesTransferred()).isEqualTo(model.length);
  }

  @Test
  void shouldNotReadAnUnchangedFileAgain() throws IOException {
    // given
    Path source = root.resolve("digits/weights.json");
    FetchedModel first = store.fetch("file:digits/weights.json", null, log);
    // Same size and time: the change token is equal. New bytes prove whether the file is read.
    FileTime time = Files.getLastModifiedTime(source);
    Files.write(source, TestModels.bytes(46, model.length));
    Files.setLastModifiedTime(source, time);

    // when
    FetchedModel again = store.fetch("file:digits/weights.json", null, log);

    // then
    assertThat(Files.readAllBytes(again.file())).isEqualTo(model);
    assertThat(again.file()).isEqualTo(first.file());
  }

  @Test
  void shouldCopyAgainWhenTheFileChanged() throws IOException {
    store.fetch("file:digits/weights.json", null, log);
    byte[] changed = TestModels.bytes(47, 50_000);
    Files.write(root.resolve("digits/weights.json"), changed);

    FetchedModel again = store.fetch("file:digits/weights.json", null, log);

    assertThat(Files.readAllBytes(again.file())).isEqualTo(changed);
    assertThat(again.bytesTransferred()).isEqualTo(changed.length);
  }

  @Test
  void shouldReportAMissingFileAsModelNotFound() {
    assertThatThrownBy(() -> store.fetch("file:digits/nope.json", null, log))
        .isInstanceOfSatisfying(
            BusinessOutcomeException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.MODEL_NOT_FOUND))
        .hasMessage(
            "Expected a model file at file:digits/nope.json (under modelship.models.file.root),"
                + " but there is none");
    assertThatThrownBy(() -> store.fetch("file:digits", null, log))
        .isInstanceOf(BusinessOutcomeException.class);
  }

  @Test
  void shouldReportADigestMismatchAsModelIntegrity() {
    assertThatThrownBy(() -> store.fetch("file:digits/weights.json", "a".repeat(64), log))
        .isInstanceOfSatisfying(
            BusinessOutcomeException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.MODEL_INTEGRITY));
  }

  @Test
  void shouldRefuseTraversalAndAbsolutePaths() throws IOException {
    Files.writeString(outside.resolve("secret.txt"), "secret");
    String relativeToOutside = root.relativize(outside.resolve("secret.txt")).toString();

    for (String uri :
        new String[] {
          "file:" + relativeToOutside,
          "file:digits/../../x",
          "file:" + outside.resolve("secret.txt"),
          "file://" + outside.resolve("secret.txt"),
          "file:digits/%2e%2e/%2e%2e/x"
        }) {
      assertThatThrownBy(() -> store.fetch(uri, null, log))
          .as(uri)
          .isInstanceOf(InvalidModelUriException.class);
    }
  }

  @Test
  void shouldRefuseASymbolicLinkThatLeadsOutsideTheRoot() throws IOException {
    Files.writeString(outside.resolve("secret.txt"), "secret");
    Files.createSymbolicLink(root.resolve("link.bin"), outside.resolve("secret.txt"));

    assertThatThrownBy(() -> store.fetch("file:link.bin", null, log))
        .isInstanceOf(InvalidModelUriException.class)
        .hasMessage(
            "Expected model file:link.bin to stay inside modelship.models.file.root, but it leads"
                + " outside it");
  }
}

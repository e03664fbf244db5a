package io.modelship.engine.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalStateStoreTest {

  @TempDir Path data;

  private static Variable variable(long key, String value) {
    return new Variable(key, 1, 1, "v" + key, TextNode.valueOf(value));
  }

  private static void commit(StateStore store, long lastKey, Variable... puts) {
    Changes changes = new Changes();
    for (Variable v : puts) {
      changes.put(Table.VARIABLE, v);
    }
    store.commit(changes, lastKey);
  }

  private static void delete(StateStore store, long lastKey, long key) {
    Changes changes = new Changes();
    changes.delete(Table.VARIABLE, key);
    store.commit(changes, lastKey);
  }

  private static List<Entity> variables(StateStore store) {
    List<Entity> loaded = new ArrayList<>();
    store.load(Table.VARIABLE, loaded::add);
    return loaded;
  }

  private Path journal(long generation) {
    return data.resolve("state-" + generation + ".journal");
  }

  @Test
  void shouldGiveBackEveryCommittedRecordAndTheKeySequenceAfterReopening() {
    // given
    try (JournalStateStore store = JournalStateStore.open(data)) {
      commit(store, 10, variable(3, "a"), variable(1, "b"));
      commit(store, 12, variable(3, "a2"), variable(2, "c"));
      delete(store, 13, 1);
    }

    // when
    try (JournalStateStore store = JournalStateStore.open(data)) {
      // then: newest version of each, deletions applied, in key order
      assertThat(variables(store)).containsExactly(variable(2, "c"), variable(3, "a2"));
      assertThat(store.lastKey()).isEqualTo(13);
      List<Entity> jobs = new ArrayList<>();
      store.load(Table.JOB, jobs::add);
      assertThat(jobs).isEmpty();
    }
  }

  /**
   * Writes one record as an earlier version wrote it into a fresh journal, then opens and loads.
   */
  private List<Entity> loadWrittenBefore(Table table, long key, String json) throws IOException {
    FrameBuffer frame = new FrameBuffer();
    frame.start(key);
    frame.add(table, key, json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    try (FileChannel out =
        FileChannel.open(journal(1), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      out.write(frame.finish());
    }
    List<Entity> loaded = new ArrayList<>();
    try (JournalStateStore store = JournalStateStore.open(data)) {
      store.load(table, loaded::add);
    }
    return loaded;
  }

  @Test
  void shouldReadAUserTaskWrittenBeforeFormsWhoseFormKeyWasText() throws IOException {
    // given: a user task as the engine wrote it before forms, with a text formKey
    String old =
        """
        {"key":7,"elementInstanceKey":5,"processInstanceKey":4,"processDefinitionKey":3,\
        "bpmnProcessId":"p","version":1,"elementId":"t","name":"T","assignee":null,\
        "candidateGroups":[],"candidateUsers":[],"dueDate":null,"followUpDate":null,\
        "formKey":"camunda-forms:bpmn:old","state":"CREATED","createdMillis":1,\
        "completedMillis":0,"headers":{}}""";

    // when
    List<Entity> tasks = loadWrittenBefore(Table.USER_TASK, 7, old);

    // then: it loads, without a linked form
    assertThat(tasks).hasSize(1);
    UserTask task = (UserTask) tasks.get(0);
    assertThat(task.key()).isEqualTo(7);
    assertThat(task.linkedFormKey()).isNull();
    assertThat(task.state()).isEqualTo(UserTaskState.CREATED);
  }

  private static ElementInstance finishedTask(long key, String elementId) {
    return new ElementInstance(
        key,
        4,
        3,
        "release",
        1,
        elementId,
        io.modelship.engine.model.ElementKind.SERVICE_TASK,
        4,
        ElementState.COMPLETED,
        1,
        2,
        -1,
        -1,
        0,
        java.util.Map.of(),
        List.of(),
        null);
  }

  @Test
  void shouldStoreARecordsComponentsOnlyAndShareItsRepeatedStringsOnceLoaded() throws IOException {
    // given: two finished tasks of one instance, with equal but separate strings
    ElementInstance first = finishedTask(11, new String("deploy-staging"));
    ElementInstance second = finishedTask(12, new String("deploy-staging"));
    assertThat(first.elementId()).isNotSameAs(second.elementId());
    try (JournalStateStore store = JournalStateStore.open(data)) {
      Changes changes = new Changes();
      changes.put(Table.ELEMENT_INSTANCE, first);
      changes.put(Table.ELEMENT_INSTANCE, second);
      store.commit(changes, 12);
    }

    // then: the journal holds the components, not what is derived from them
    String written =
        new String(Files.readAllBytes(journal(1)), java.nio.charset.StandardCharsets.ISO_8859_1);
    assertThat(written)
        .contains("\"elementId\":\"deploy-staging\"", "\"state\":\"COMPLETED\"")
        .doesNotContain("\"active\"", "\"process\"");

    // when
    List<Entity> loaded = new ArrayList<>();
    try (JournalStateStore store = JournalStateStore.open(data)) {
      store.load(Table.ELEMENT_INSTANCE, loaded::add);
    }

    // then: the same records, sharing one copy of each repeated string, and of the empty map and
    // list
    assertThat(loaded).containsExactly(first, second);
    ElementInstance one = (ElementInstance) loaded.get(0);
    ElementInstance two = (ElementInstance) loaded.get(1);
    assertThat(one.elementId()).isSameAs(two.elementId());
    assertThat(one.bpmnProcessId()).isSameAs(two.bpmnProcessId());
    assertThat(one.joinTokens()).isSameAs(two.joinTokens()).isEmpty();
    assertThat(one.loopItems()).isSameAs(two.loopItems()).isEmpty();
  }

  @Test
  void shouldReadAnElementInstanceWrittenWithItsDerivedProperties() throws IOException {
    // given: an element instance as the engine wrote it before, with "active" and "process"
    String old =
        """
        {"key":11,"processInstanceKey":4,"processDefinitionKey":3,"bpmnProcessId":"release",\
        "version":1,"elementId":"deploy-staging","kind":"SERVICE_TASK","flowScopeKey":4,\
        "state":"COMPLETED","startMillis":1,"endMillis":2,"parentProcessInstanceKey":-1,\
        "parentElementInstanceKey":-1,"loopCounter":0,"joinTokens":{},"loopItems":[],\
        "startEventId":null,"active":false,"process":false}""";

    // when
    List<Entity> loaded = loadWrittenBefore(Table.ELEMENT_INSTANCE, 11, old);

    // then
    assertThat(loaded).containsExactly(finishedTask(11, "deploy-staging"));
  }

  @Test
  void shouldCutOffALastRecordThatACrashLeftHalfWrittenAndGoOnAppending() throws IOException {
    // given: a commit, then half of another one, as a crash in the middle of a write leaves it
    try (JournalStateStore store = JournalStateStore.open(data)) {
      commit(store, 5, variable(1, "kept"));
    }
    long good = Files.size(journal(1));
    byte[] whole = Files.readAllBytes(journal(1));
    Files.write(
        journal(1), java.util.Arrays.copyOf(whole, whole.length / 2), StandardOpenOption.APPEND);

    // when
    try (JournalStateStore store = JournalStateStore.open(data)) {
      // then
      assertThat(variables(store)).containsExactly(variable(1, "kept"));
      assertThat(Files.size(journal(1))).isEqualTo(good);
      commit(store, 6, variable(2, "after"));
    }
    try (JournalStateStore store = JournalStateStore.open(data)) {
      assertThat(variables(store)).containsExactly(variable(1, "kept"), variable(2, "after"));
      assertThat(store.lastKey()).isEqualTo(6);
    }
  }

  @Test
  void shouldRefuseToOpenOnADamagedRecordWithCommitsAfterIt() throws IOException {
    // given: two commits, and one byte of the first one's payload flipped
    try (JournalStateStore store = JournalStateStore.open(data)) {
      commit(store, 5, variable(1, "first"));
      commit(store, 6, variable(2, "second"));
    }
    try (FileChannel channel = FileChannel.open(journal(1), StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(new byte[] {0x7f}), 20);
    }

    // when / then
    assertThatThrownBy(() -> JournalStateStore.open(data))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("state-1.journal")
        .hasMessageContaining("checksum does not match at byte 0")
        .hasMessageContaining("will not open on damaged data");
    assertThat(Files.size(journal(1))).as("nothing cut off").isGreaterThan(40);
  }

  @Test
  void shouldCompactIntoASnapshotAndDropTheOldGeneration() throws IOException {
    // given: a store that compacts past 2 KB
    try (JournalStateStore store = JournalStateStore.open(data, 2048)) {
      for (int i = 1; i <= 200; i++) {
        commit(store, 100 + i, variable(i % 10, "value " + i));
      }
      // then
      assertThat(store.generation()).isGreaterThan(1);
      assertThat(store.journalBytes()).isLessThan(4096);
    }
    try (Stream<Path> files = Files.list(data)) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("state-")))
          .hasSize(2)
          .allMatch(n -> !n.endsWith(".tmp"));
    }
    try (JournalStateStore store = JournalStateStore.open(data, 2048)) {
      assertThat(variables(store)).hasSize(10).contains(variable(0, "value 200"));
      assertThat(variables(store)).contains(variable(1, "value 191"));
      assertThat(store.lastKey()).isEqualTo(300);
    }
  }

  @Test
  void shouldImportAnH2StoreOnceAndKeepItsFile() {
    // given: a data folder of the H2 store
    try (JdbcStateStore old = JdbcStateStore.open(data)) {
      commit(old, 42, variable(7, "from h2"), variable(8, "also"));
    }

    // when
    try (JournalStateStore store = JournalStateStore.open(data)) {
      commit(store, 43, variable(9, "journal"));
    }

    // then
    assertThat(data.resolve("engine.mv.db")).doesNotExist();
    assertThat(data.resolve("engine.mv.db.imported")).exists();
    try (JournalStateStore store = JournalStateStore.open(data)) {
      assertThat(variables(store))
          .containsExactly(variable(7, "from h2"), variable(8, "also"), variable(9, "journal"));
      assertThat(store.lastKey()).isEqualTo(43);
    }
  }
}

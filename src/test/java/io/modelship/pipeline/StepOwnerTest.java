package io.modelship.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StepOwnerTest {

  @TempDir Path data;

  @Test
  void shouldKeepTheInstanceIdOfTheDataFolderAcrossRestarts() throws Exception {
    // when: two starts on one data folder
    StepOwner first = new StepOwner(properties(null), data);
    StepOwner second = new StepOwner(properties(null), data);
    // then
    assertThat(second.instanceId()).isEqualTo(first.instanceId());
    assertThat(Files.readString(data.resolve(StepOwner.FILE)).strip())
        .isEqualTo(first.instanceId());
    assertThat(first.next()).startsWith(first.prefix()).isNotEqualTo(first.next());
  }

  @Test
  void shouldTakeTheConfiguredInstanceIdBeforeTheDataFolders() {
    // when
    StepOwner owner = new StepOwner(properties("modelship-0"), data);
    // then
    assertThat(owner.instanceId()).isEqualTo("modelship-0");
    assertThat(owner.next()).startsWith("modelship-0:");
    assertThat(data.resolve(StepOwner.FILE)).doesNotExist();
  }

  @Test
  void shouldRefuseAnInstanceIdThatCouldMatchOtherOwners() {
    assertThatThrownBy(() -> new StepOwner(properties("a%b"), data))
        .hasMessageContaining("modelship.steps.instance-id")
        .hasMessageContaining("'a%b'");
  }

  private static StepProperties properties(String instanceId) {
    return new StepProperties(null, null, null, null, instanceId);
  }
}

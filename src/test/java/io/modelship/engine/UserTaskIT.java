package io.modelship.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.api.search.enums.UserTaskState;
import io.camunda.client.api.search.response.UserTask;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UserTaskIT extends EngineITSupport {

  @BeforeEach
  void deployProcess() {
    deploy("user-task.bpmn");
  }

  private UserTask userTask(long instance) {
    return client
        .newUserTaskSearchRequest()
        .filter(f -> f.processInstanceKey(instance))
        .send()
        .join()
        .items()
        .get(0);
  }

  @Test
  void shouldCreateAUserTaskWithAssigneeCandidateGroupsAndDueDate() {
    // when
    long instance = start("user-task", Map.of("approver", "alice"));

    // then
    UserTask task = userTask(instance);
    assertThat(task.getState()).isEqualTo(UserTaskState.CREATED);
    assertThat(task.getAssignee()).isEqualTo("alice");
    assertThat(task.getCandidateGroups()).containsExactly("release-managers", "ops");
    assertThat(task.getDueDate().toInstant())
        .isEqualTo(java.time.Instant.parse("2030-01-01T10:00:00Z"));
    assertThat(task.getElementId()).isEqualTo("approve");
  }

  @Test
  void shouldContinueWithTheVariablesOfACompletedUserTask() {
    // given
    long instance = start("user-task", Map.of("approver", "alice"));

    // when
    client
        .newCompleteUserTaskCommand(userTask(instance).getUserTaskKey())
        .variables(Map.of("approved", true))
        .send()
        .join();

    // then
    assertThat(activateOne("ut-after").getVariablesAsMap()).containsEntry("approved", true);
    assertThat(userTask(instance).getState()).isEqualTo(UserTaskState.COMPLETED);
  }
}

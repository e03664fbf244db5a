package io.modelship.engine.state;

import java.util.HashMap;
import java.util.Map;

/** User tasks, with the open one of each element instance indexed. */
public final class UserTasks extends Records<UserTask> {

  private final Map<Long, Long> openByElementInstance = new HashMap<>();

  UserTasks(Changes changes) {
    super(Table.USER_TASK, changes);
  }

  public UserTask openOf(long elementInstanceKey) {
    Long key = openByElementInstance.get(elementInstanceKey);
    return key == null ? null : get(key);
  }

  @Override
  protected void index(UserTask task) {
    if (task.state() == UserTaskState.CREATED) {
      openByElementInstance.put(task.elementInstanceKey(), task.key());
    }
  }

  @Override
  protected void unindex(UserTask task) {
    openByElementInstance.remove(task.elementInstanceKey(), task.key());
  }
}

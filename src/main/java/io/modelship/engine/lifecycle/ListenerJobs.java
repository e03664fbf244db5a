package io.modelship.engine.lifecycle;

import io.modelship.engine.model.ExecutionListener;
import io.modelship.engine.model.JobDefinition;
import io.modelship.engine.state.ElementInstance;

/** Creates the jobs of execution listeners. */
public interface ListenerJobs {
  /**
   * Creates the job of the {@code index}th {@code listener} of {@code instance}'s element.
   *
   * @throws io.modelship.engine.feel.ExpressionException when its type or retries cannot be
   *     evaluated
   */
  void create(
      ElementInstance instance,
      JobDefinition definition,
      ExecutionListener.EventType listener,
      int index);
}

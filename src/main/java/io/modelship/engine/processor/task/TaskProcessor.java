package io.modelship.engine.processor.task;

import io.modelship.engine.lifecycle.ElementLifecycle;
import io.modelship.engine.model.FlowNode;
import io.modelship.engine.processor.ElementProcessor;
import io.modelship.engine.state.ElementInstance;

/** Undefined and manual tasks: activated, then completed at once. */
public final class TaskProcessor implements ElementProcessor {

  private final ElementLifecycle lifecycle;

  public TaskProcessor(ElementLifecycle lifecycle) {
    this.lifecycle = lifecycle;
  }

  @Override
  public void onActivated(ElementInstance instance, FlowNode node) {
    lifecycle.complete(instance);
  }
}

package io.modelship.engine.processor.container;

import io.modelship.engine.lifecycle.ElementLifecycle;
import io.modelship.engine.model.FlowNode;
import io.modelship.engine.processor.ElementProcessor;
import io.modelship.engine.state.ElementInstance;

/**
 * Embedded sub-processes and event sub-processes. Activated: activates its start event (the none
 * start event; for an event sub-process, the start event it was triggered at). Completes once no
 * child is active and no token is on its way. Terminating: terminates its children.
 */
public final class SubProcessProcessor implements ElementProcessor {

  private final ElementLifecycle lifecycle;

  public SubProcessProcessor(ElementLifecycle lifecycle) {
    this.lifecycle = lifecycle;
  }

  @Override
  public void onActivated(ElementInstance instance, FlowNode node) {
    lifecycle.activate(instance, node.startEventId());
  }

  @Override
  public void onChildCompleted(ElementInstance scope, ElementInstance child, FlowNode node) {
    if (lifecycle.isIdle(scope)) {
      lifecycle.complete(scope);
    }
  }

  @Override
  public void onTerminating(ElementInstance instance, FlowNode node) {
    lifecycle.terminateChildren(instance, -1);
  }
}

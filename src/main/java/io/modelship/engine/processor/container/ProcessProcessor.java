package io.modelship.engine.processor.container;

import io.modelship.engine.lifecycle.ElementLifecycle;
import io.modelship.engine.model.FlowNode;
import io.modelship.engine.processor.ElementProcessor;
import io.modelship.engine.state.ElementInstance;

/**
 * Process instances. Activated: activates the start event it was started at (the none start event
 * unless a message, signal or timer started it); completes once no child is active and no token is
 * on its way; terminating terminates its children. When completed and called by a call activity,
 * the call activity continues.
 */
public final class ProcessProcessor implements ElementProcessor {

  private final ElementLifecycle lifecycle;
  private final CallActivityProcessor callActivities;

  public ProcessProcessor(ElementLifecycle lifecycle, CallActivityProcessor callActivities) {
    this.lifecycle = lifecycle;
    this.callActivities = callActivities;
  }

  @Override
  public void onActivated(ElementInstance instance, FlowNode node) {
    lifecycle.activate(
        instance, instance.startEventId() != null ? instance.startEventId() : node.startEventId());
  }

  @Override
  public void onChildCompleted(ElementInstance scope, ElementInstance child, FlowNode node) {
    if (lifecycle.isIdle(scope)) {
      lifecycle.complete(scope);
    }
  }

  @Override
  public void onCompleted(ElementInstance instance, FlowNode node) {
    if (instance.parentElementInstanceKey() >= 0) {
      callActivities.calledProcessCompleted(instance);
    }
  }

  @Override
  public void onTerminating(ElementInstance instance, FlowNode node) {
    lifecycle.terminateChildren(instance, -1);
  }
}

package io.modelship.engine.processor.event;

import io.modelship.engine.lifecycle.ElementLifecycle;
import io.modelship.engine.model.FlowNode;
import io.modelship.engine.processor.ElementProcessor;
import io.modelship.engine.state.ElementInstance;

/**
 * Interrupting boundary events. Whoever triggers one (a due timer, a caught error) has already
 * terminated the activity; activated, the boundary event completes at once and its outgoing flows
 * continue.
 */
public final class BoundaryEventProcessor implements ElementProcessor {

  private final ElementLifecycle lifecycle;

  public BoundaryEventProcessor(ElementLifecycle lifecycle) {
    this.lifecycle = lifecycle;
  }

  @Override
  public void onActivated(ElementInstance instance, FlowNode node) {
    lifecycle.complete(instance);
  }
}

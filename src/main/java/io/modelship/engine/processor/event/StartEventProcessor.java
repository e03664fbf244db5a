package io.modelship.engine.processor.event;

import io.modelship.engine.lifecycle.ElementLifecycle;
import io.modelship.engine.model.FlowNode;
import io.modelship.engine.processor.ElementProcessor;
import io.modelship.engine.state.ElementInstance;

/**
 * Start events (none and timer; the timer itself lives on the process definition). Activated: the
 * start event has happened, so it completes at once.
 */
public final class StartEventProcessor implements ElementProcessor {

  private final ElementLifecycle lifecycle;

  public StartEventProcessor(ElementLifecycle lifecycle) {
    this.lifecycle = lifecycle;
  }

  @Override
  public void onActivated(ElementInstance instance, FlowNode node) {
    lifecycle.complete(instance);
  }
}

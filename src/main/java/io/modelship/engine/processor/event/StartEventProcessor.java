package io.modelship.engine.processor.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelship.engine.lifecycle.ElementLifecycle;
import io.modelship.engine.model.FlowNode;
import io.modelship.engine.processor.ElementProcessor;
import io.modelship.engine.state.ElementInstance;
import java.util.Map;

/**
 * Start events. Activated: the start event has happened (a process was created or triggered at it,
 * or its event sub-process was triggered), so it completes at once, with the variables of the event
 * that started an event sub-process.
 */
public final class StartEventProcessor implements ElementProcessor {

  private final ElementLifecycle lifecycle;

  public StartEventProcessor(ElementLifecycle lifecycle) {
    this.lifecycle = lifecycle;
  }

  @Override
  public void onActivated(ElementInstance instance, FlowNode node) {
    Map<String, JsonNode> triggered = lifecycle.takeTrigger(instance);
    if (triggered != null) {
      lifecycle.completeWith(instance, triggered);
    } else {
      lifecycle.complete(instance);
    }
  }
}

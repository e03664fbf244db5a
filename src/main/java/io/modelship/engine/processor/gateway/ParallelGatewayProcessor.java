package io.modelship.engine.processor.gateway;

import io.modelship.engine.lifecycle.ElementLifecycle;
import io.modelship.engine.model.FlowNode;
import io.modelship.engine.processor.ElementProcessor;
import io.modelship.engine.state.ElementInstance;

/**
 * Parallel gateways. The join waits for a token on every incoming flow before the gateway is
 * activated (see the lifecycle's tokens); activated, it completes at once and forks onto every
 * outgoing flow.
 */
public final class ParallelGatewayProcessor implements ElementProcessor {

  private final ElementLifecycle lifecycle;

  public ParallelGatewayProcessor(ElementLifecycle lifecycle) {
    this.lifecycle = lifecycle;
  }

  @Override
  public void onActivated(ElementInstance instance, FlowNode node) {
    lifecycle.complete(instance);
  }
}

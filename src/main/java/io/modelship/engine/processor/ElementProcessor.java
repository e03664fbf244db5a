package io.modelship.engine.processor;

import io.modelship.engine.model.FlowNode;
import io.modelship.engine.state.ElementInstance;

/**
 * The behaviour of one element kind. The {@link io.modelship.engine.lifecycle.ElementLifecycle}
 * owns the lifecycle and calls these hooks at fixed points; a processor changes element state only
 * by calling the lifecycle back.
 *
 * <ul>
 *   <li>{@link #onActivated}: the instance is ACTIVATED (input mappings applied, boundary events
 *       armed). The processor either completes it at once, or sets up what it waits for: a job, a
 *       timer, a subscription, child instances. If it cannot (an expression fails), it opens an
 *       incident; resolving the incident calls this hook again.
 *   <li>{@link #onCompleting}: the instance is COMPLETING, before output mappings.
 *   <li>{@link #onCompleted}: the instance is COMPLETED; its outgoing flows are already queued.
 *   <li>{@link #onTerminating}: the instance is TERMINATING; release whatever the element holds
 *       (children first). The lifecycle itself removes timers, subscriptions and incidents.
 *   <li>{@link #onChildCompleted}: containers only; a child instance completed.
 * </ul>
 */
public interface ElementProcessor {

  void onActivated(ElementInstance instance, FlowNode node);

  default void onCompleting(ElementInstance instance, FlowNode node) {}

  default void onCompleted(ElementInstance instance, FlowNode node) {}

  default void onTerminating(ElementInstance instance, FlowNode node) {}

  default void onChildCompleted(ElementInstance scope, ElementInstance child, FlowNode node) {}
}

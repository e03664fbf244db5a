package io.modelship.engine.parse;

import io.camunda.zeebe.model.bpmn.instance.ErrorEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.Event;
import io.camunda.zeebe.model.bpmn.instance.EventDefinition;
import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import io.camunda.zeebe.model.bpmn.instance.Message;
import io.camunda.zeebe.model.bpmn.instance.MessageEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.Process;
import io.camunda.zeebe.model.bpmn.instance.ReceiveTask;
import io.camunda.zeebe.model.bpmn.instance.SignalEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.StartEvent;
import io.camunda.zeebe.model.bpmn.instance.TerminateEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.TimerEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeSubscription;
import io.modelship.engine.feel.Expression;
import io.modelship.engine.model.EventKind;
import io.modelship.engine.model.MessageDefinition;
import io.modelship.engine.model.TimerDefinition;
import java.util.Collection;

/** Reads the event definition of an event: timer, message, error or terminate. */
final class EventTransformer {

  private final ElementReader reader;

  EventTransformer(ElementReader reader) {
    this.reader = reader;
  }

  TimerDefinition timer(FlowNode node) {
    TimerEventDefinition timer = (TimerEventDefinition) definition((Event) node);
    if (timer.getTimeDate() != null) {
      return new TimerDefinition(
          TimerDefinition.Type.DATE, reader.value(node, timer.getTimeDate().getTextContent()));
    }
    if (timer.getTimeDuration() != null) {
      return new TimerDefinition(
          TimerDefinition.Type.DURATION,
          reader.value(node, timer.getTimeDuration().getTextContent()));
    }
    if (timer.getTimeCycle() != null) {
      return new TimerDefinition(
          TimerDefinition.Type.CYCLE, reader.value(node, timer.getTimeCycle().getTextContent()));
    }
    reader.problem(node, "Expected a timer to have a date, duration or cycle, but found none");
    return null;
  }

  MessageDefinition message(FlowNode node) {
    Message message =
        node instanceof ReceiveTask task
            ? task.getMessage()
            : ((MessageEventDefinition) definition((Event) node)).getMessage();
    if (message == null || message.getName() == null) {
      reader.problem(
          node, "Expected a message event to reference a message with a name, but found none");
      return null;
    }
    ZeebeSubscription subscription = message.getSingleExtensionElement(ZeebeSubscription.class);
    Expression key =
        subscription == null || subscription.getCorrelationKey() == null
            ? null
            : reader.expression(node, subscription.getCorrelationKey());
    if (key == null
        && !(node instanceof StartEvent start && start.getParentElement() instanceof Process)) {
      reader.problem(
          node,
          "Expected a message catch event to have a zeebe:subscription correlationKey, but found none");
    }
    return new MessageDefinition(reader.value(node, message.getName()), key);
  }

  Expression signal(FlowNode node) {
    SignalEventDefinition definition = (SignalEventDefinition) definition((Event) node);
    if (definition.getSignal() == null || definition.getSignal().getName() == null) {
      reader.problem(
          node, "Expected a signal event to reference a signal with a name, but found none");
      return null;
    }
    return reader.value(node, definition.getSignal().getName());
  }

  String errorCode(Event event) {
    ErrorEventDefinition definition = (ErrorEventDefinition) definition(event);
    if (definition.getError() == null || definition.getError().getErrorCode() == null) {
      return null;
    }
    return definition.getError().getErrorCode();
  }

  static EventKind eventKind(Event event) {
    EventDefinition definition = definition(event);
    if (definition == null) {
      return EventKind.NONE;
    }
    if (definition instanceof TimerEventDefinition) {
      return EventKind.TIMER;
    }
    if (definition instanceof MessageEventDefinition) {
      return EventKind.MESSAGE;
    }
    if (definition instanceof ErrorEventDefinition) {
      return EventKind.ERROR;
    }
    if (definition instanceof SignalEventDefinition) {
      return EventKind.SIGNAL;
    }
    if (definition instanceof TerminateEventDefinition) {
      return EventKind.TERMINATE;
    }
    return null;
  }

  static EventDefinition definition(Event event) {
    Collection<EventDefinition> definitions = event.getChildElementsByType(EventDefinition.class);
    return definitions.isEmpty() ? null : definitions.iterator().next();
  }
}

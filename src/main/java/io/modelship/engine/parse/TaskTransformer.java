package io.modelship.engine.parse;

import io.camunda.zeebe.model.bpmn.instance.Activity;
import io.camunda.zeebe.model.bpmn.instance.BaseElement;
import io.camunda.zeebe.model.bpmn.instance.BoundaryEvent;
import io.camunda.zeebe.model.bpmn.instance.EndEvent;
import io.camunda.zeebe.model.bpmn.instance.ErrorEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import io.camunda.zeebe.model.bpmn.instance.MultiInstanceLoopCharacteristics;
import io.camunda.zeebe.model.bpmn.instance.StartEvent;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeAssignmentDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeBindingType;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeCalledElement;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeExecutionListener;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeExecutionListenerEventType;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeExecutionListeners;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeFormDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeHeader;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeLoopCharacteristics;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeScript;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskHeaders;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskSchedule;
import io.modelship.engine.model.CalledElement;
import io.modelship.engine.model.ExecutionListener;
import io.modelship.engine.model.FormLink;
import io.modelship.engine.model.JobDefinition;
import io.modelship.engine.model.LoopDefinition;
import io.modelship.engine.model.ScriptDefinition;
import io.modelship.engine.model.UserTaskDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what activities (and any element, for execution listeners) carry in Zeebe's extension
 * elements: task definitions and headers, user task assignment, multi-instance, called elements,
 * scripts and execution listeners.
 */
final class TaskTransformer {

  private final ElementReader reader;

  TaskTransformer(ElementReader reader) {
    this.reader = reader;
  }

  JobDefinition job(FlowNode node) {
    ZeebeTaskDefinition definition = node.getSingleExtensionElement(ZeebeTaskDefinition.class);
    return new JobDefinition(
        reader.value(node, definition.getType()),
        reader.value(node, definition.getRetries() == null ? "3" : definition.getRetries()),
        headers(node));
  }

  /**
   * The {@code zeebe:executionListeners} of an element, in order; each listener's job carries the
   * element's task headers.
   */
  List<ExecutionListener> listeners(BaseElement element) {
    ZeebeExecutionListeners all = element.getSingleExtensionElement(ZeebeExecutionListeners.class);
    if (all == null) {
      return List.of();
    }
    List<ExecutionListener> result = new ArrayList<>();
    for (ZeebeExecutionListener listener : all.getExecutionListeners()) {
      String retries = listener.getRetries() == null ? "3" : listener.getRetries();
      result.add(
          new ExecutionListener(
              listener.getEventType() == ZeebeExecutionListenerEventType.end
                  ? ExecutionListener.EventType.END
                  : ExecutionListener.EventType.START,
              new JobDefinition(
                  reader.value(element, listener.getType()),
                  reader.value(element, retries),
                  headers(element))));
    }
    if (element instanceof StartEvent || element instanceof BoundaryEvent) {
      rejectListeners(
          element, result, ExecutionListener.EventType.START, "start and boundary events");
    }
    if (element instanceof EndEvent end
        && end.getEventDefinitions().stream().anyMatch(ErrorEventDefinition.class::isInstance)) {
      rejectListeners(element, result, ExecutionListener.EventType.END, "error end events");
    }
    return List.copyOf(result);
  }

  /** Zeebe runs no listeners of these kinds on these elements, and rejects them. */
  private void rejectListeners(
      BaseElement element,
      List<ExecutionListener> listeners,
      ExecutionListener.EventType type,
      String elements) {
    if (listeners.stream().anyMatch(l -> l.eventType() == type)) {
      reader.problem(
          element,
          "Expected no execution listeners of type '%s' on %s, but found some (Zeebe does not run them there)"
              .formatted(type.name().toLowerCase(), elements));
    }
  }

  ScriptDefinition script(FlowNode node) {
    ZeebeScript script = node.getSingleExtensionElement(ZeebeScript.class);
    return new ScriptDefinition(
        reader.expression(node, script.getExpression()), script.getResultVariable());
  }

  UserTaskDefinition userTask(FlowNode node) {
    ZeebeAssignmentDefinition assignment =
        node.getSingleExtensionElement(ZeebeAssignmentDefinition.class);
    ZeebeTaskSchedule schedule = node.getSingleExtensionElement(ZeebeTaskSchedule.class);
    ZeebeFormDefinition form = node.getSingleExtensionElement(ZeebeFormDefinition.class);
    return new UserTaskDefinition(
        assignment == null ? null : reader.value(node, assignment.getAssignee()),
        assignment == null ? null : reader.value(node, assignment.getCandidateGroups()),
        assignment == null ? null : reader.value(node, assignment.getCandidateUsers()),
        schedule == null ? null : reader.value(node, schedule.getDueDate()),
        schedule == null ? null : reader.value(node, schedule.getFollowUpDate()),
        form == null ? null : formLink(node, form),
        form == null ? null : externalReference(form),
        headers(node));
  }

  private FormLink formLink(FlowNode node, ZeebeFormDefinition form) {
    if (form.getFormId() == null || form.getFormId().isBlank()) {
      return null;
    }
    ZeebeBindingType binding =
        form.getBindingType() == null ? ZeebeBindingType.latest : form.getBindingType();
    if (binding == ZeebeBindingType.versionTag
        && (form.getVersionTag() == null || form.getVersionTag().isBlank())) {
      reader.problem(
          node,
          "Expected a versionTag on the zeebe:formDefinition with bindingType 'versionTag', but found none");
    }
    return new FormLink(
        form.getFormId(),
        switch (binding) {
          case latest -> FormLink.Binding.LATEST;
          case deployment -> FormLink.Binding.DEPLOYMENT;
          case versionTag -> FormLink.Binding.VERSION_TAG;
        },
        form.getVersionTag());
  }

  private static String externalReference(ZeebeFormDefinition form) {
    return form.getExternalReference() != null ? form.getExternalReference() : form.getFormKey();
  }

  LoopDefinition loop(Activity activity) {
    if (!(activity.getLoopCharacteristics() instanceof MultiInstanceLoopCharacteristics mi)) {
      return null;
    }
    ZeebeLoopCharacteristics zeebe = mi.getSingleExtensionElement(ZeebeLoopCharacteristics.class);
    if (zeebe == null || zeebe.getInputCollection() == null) {
      reader.problem(
          activity,
          "Expected a multi-instance activity to have a zeebe:loopCharacteristics inputCollection, but found none");
      return null;
    }
    if (mi.getCompletionCondition() != null) {
      reader.unsupported(activity, "multi-instance completion condition");
    }
    return new LoopDefinition(
        mi.isSequential(),
        reader.expression(activity, zeebe.getInputCollection()),
        zeebe.getInputElement(),
        zeebe.getOutputCollection(),
        zeebe.getOutputElement() == null
            ? null
            : reader.expression(activity, zeebe.getOutputElement()));
  }

  CalledElement calledElement(FlowNode node) {
    ZeebeCalledElement called = node.getSingleExtensionElement(ZeebeCalledElement.class);
    return new CalledElement(
        reader.value(node, called.getProcessId()),
        called.isPropagateAllChildVariablesEnabled(),
        called.isPropagateAllParentVariablesEnabled());
  }

  private static Map<String, String> headers(BaseElement element) {
    ZeebeTaskHeaders headers = element.getSingleExtensionElement(ZeebeTaskHeaders.class);
    Map<String, String> result = new LinkedHashMap<>();
    if (headers != null) {
      for (ZeebeHeader header : headers.getHeaders()) {
        result.put(header.getKey(), header.getValue());
      }
    }
    return result;
  }
}

package io.modelship.engine.model;

import java.util.List;

/**
 * One executable BPMN element, transformed from the XML once at deployment and never changed. The
 * kind-specific parts are null when they do not apply: {@code job} for job-worker tasks, {@code
 * timer}/{@code message}/{@code errorCode} for events, {@code loop} for multi-instance activities,
 * and so on.
 *
 * @param flowScopeId the id of the enclosing sub-process, or the process id
 * @param errorCode for error events: the code thrown or caught; null on a catch event means
 *     catch-all
 * @param attachedToId for boundary events: the activity they are attached to
 * @param interrupting for boundary events and start events of event sub-processes
 * @param boundaryEventIds for activities: the boundary events attached to them
 * @param startEventId for processes and sub-processes: the none start event to begin with; for
 *     event sub-processes: their one start event
 * @param script for script tasks: the FEEL expression ({@code zeebe:script}) and result variable
 * @param signalName for signal events: the signal's name
 * @param executionListeners its {@code zeebe:executionListeners}, start and end, in BPMN order
 */
public record FlowNode(
    String id,
    String name,
    ElementKind kind,
    EventKind event,
    String flowScopeId,
    List<String> incoming,
    List<String> outgoing,
    List<Mapping> inputs,
    List<Mapping> outputs,
    JobDefinition job,
    UserTaskDefinition userTask,
    LoopDefinition loop,
    TimerDefinition timer,
    MessageDefinition message,
    String errorCode,
    CalledElement calledElement,
    String attachedToId,
    boolean interrupting,
    List<String> boundaryEventIds,
    String defaultFlowId,
    String startEventId,
    ScriptDefinition script,
    io.modelship.engine.feel.Expression signalName,
    List<ExecutionListener> executionListeners) {

  /** Whether the element runs as a multi-instance body around its inner instances. */
  public boolean isMultiInstance() {
    return loop != null;
  }

  /**
   * Whether the event may fire again while its owner stays active: a non-interrupting boundary
   * event, or the non-interrupting start event of an event sub-process.
   */
  public boolean firesRepeatedly() {
    return (kind == ElementKind.BOUNDARY_EVENT || kind == ElementKind.START_EVENT) && !interrupting;
  }
}

package io.modelship.engine.state;

/** The store's tables, one per kind of record. */
public enum Table {
  PROCESS_DEFINITION(DeployedProcess.class),
  ELEMENT_INSTANCE(ElementInstance.class),
  VARIABLE(Variable.class),
  JOB(Job.class),
  TIMER(Timer.class),
  INCIDENT(Incident.class),
  MESSAGE(Message.class),
  MESSAGE_SUBSCRIPTION(MessageSubscription.class),
  USER_TASK(UserTask.class),
  SEQUENCE_FLOW(TakenFlow.class),
  FORM(DeployedForm.class);

  private final Class<? extends Entity> type;

  Table(Class<? extends Entity> type) {
    this.type = type;
  }

  public Class<? extends Entity> type() {
    return type;
  }
}

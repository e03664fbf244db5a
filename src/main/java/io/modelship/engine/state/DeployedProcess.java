package io.modelship.engine.state;

import java.util.Map;

/**
 * One version of a deployed process, with the XML of the resource it came from, and the forms
 * deployed together with it (form id to form key; what a {@code deployment} form binding finds;
 * null in records of versions before forms).
 */
public record DeployedProcess(
    long key,
    String bpmnProcessId,
    int version,
    String name,
    String resourceName,
    long deploymentKey,
    String checksum,
    String xml,
    long deployedMillis,
    Map<String, Long> deploymentForms)
    implements Entity {

  /** The key of the form with this id deployed together with this version, or null. */
  public Long deploymentForm(String formId) {
    return deploymentForms == null ? null : deploymentForms.get(formId);
  }
}

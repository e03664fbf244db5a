package io.modelship.engine.state;

/** Incident kinds; the names match Camunda's {@code errorType} values. */
public enum IncidentType {
  JOB_NO_RETRIES,
  EXECUTION_LISTENER_NO_RETRIES,
  CONDITION_ERROR,
  EXTRACT_VALUE_ERROR,
  IO_MAPPING_ERROR,
  UNHANDLED_ERROR_EVENT,
  CALLED_ELEMENT_ERROR,
  FORM_NOT_FOUND
}

package io.modelship.engine.model;

/**
 * A user task's linked form ({@code zeebe:formDefinition formId="..."}), resolved when the task is
 * created: the latest version of the form, the version deployed together with the process, or the
 * latest version carrying {@code versionTag}.
 */
public record FormLink(String formId, Binding binding, String versionTag) {

  /** Zeebe's {@code bindingType} values. */
  public enum Binding {
    LATEST,
    DEPLOYMENT,
    VERSION_TAG
  }
}

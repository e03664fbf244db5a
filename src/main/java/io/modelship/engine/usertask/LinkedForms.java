package io.modelship.engine.usertask;

import io.modelship.engine.model.FormLink;
import io.modelship.engine.state.DeployedForm;
import io.modelship.engine.state.DeployedProcess;
import io.modelship.engine.state.ElementInstance;
import io.modelship.engine.state.EngineState;

/**
 * Finds the form version a user task links to, when the task is created: with binding {@code
 * latest} the latest version of the form id, with {@code deployment} the version deployed together
 * with the task's process, with {@code versionTag} the latest version carrying the tag. Without
 * one, the task waits in a FORM_NOT_FOUND incident, resolved after the form is deployed.
 */
public final class LinkedForms {

  private final EngineState state;

  public LinkedForms(EngineState state) {
    this.state = state;
  }

  /**
   * @throws FormNotFoundException naming the form id when no deployed version fits
   */
  public DeployedForm resolve(ElementInstance instance, FormLink link) {
    DeployedForm form =
        switch (link.binding()) {
          case LATEST -> state.forms().latest(link.formId());
          case VERSION_TAG -> state.forms().latestTagged(link.formId(), link.versionTag());
          case DEPLOYMENT -> fromDeployment(instance, link.formId());
        };
    if (form != null) {
      return form;
    }
    throw new FormNotFoundException(
        switch (link.binding()) {
          case LATEST ->
              ("Expected to find a form with id '%s', but no form with this id is deployed;"
                      + " to resolve the incident, deploy a form with this id")
                  .formatted(link.formId());
          case VERSION_TAG ->
              ("Expected to find a form with id '%s' and version tag '%s', but no such form is"
                      + " deployed; to resolve the incident, deploy the form with this version tag")
                  .formatted(link.formId(), link.versionTag());
          case DEPLOYMENT ->
              ("Expected to find a form with id '%s' in the deployment of process '%s'"
                      + " (binding type 'deployment'), but that deployment has none; deploy the"
                      + " process together with the form")
                  .formatted(link.formId(), instance.bpmnProcessId());
        });
  }

  private DeployedForm fromDeployment(ElementInstance instance, String formId) {
    DeployedProcess process = state.definitions().get(instance.processDefinitionKey());
    Long key = process == null ? null : process.deploymentForm(formId);
    return key == null ? null : state.forms().get(key);
  }
}

package io.modelship.engine.deployment;

import io.modelship.engine.command.InvalidArgumentException;
import io.modelship.engine.model.ExecutableProcess;
import io.modelship.engine.model.FormDefinition;
import io.modelship.engine.parse.BpmnTransformer;
import io.modelship.engine.parse.FormTransformer;
import io.modelship.engine.parse.InvalidDeploymentException;
import io.modelship.engine.state.DeployedForm;
import io.modelship.engine.state.DeployedProcess;
import io.modelship.engine.state.EngineState;
import io.modelship.engine.state.Timer;
import io.modelship.engine.timer.EngineClock;
import io.modelship.engine.timer.TimerScheduler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Deploys BPMN and Camunda Form resources. Every resource is transformed and validated first; if
 * any has a problem, nothing is stored. A process or form whose resource is unchanged keeps its
 * latest version; a changed one gets the next version. A new process version's timer start events
 * replace those of the versions before it, and it remembers the forms deployed with it (for the
 * {@code deployment} form binding).
 */
public final class Deployments {

  /** The validated resources: the processes of each BPMN resource, the form of each form. */
  public record Validated(
      Map<Resource, List<ExecutableProcess>> processes, Map<Resource, FormDefinition> forms) {}

  /** The outcome: the deployment key and each process and form version, new or existing. */
  public record Deployed(
      long deploymentKey, List<DeployedProcess> processes, List<DeployedForm> forms) {}

  private final EngineState state;
  private final EngineClock clock;
  private final BpmnTransformer transformer;
  private final FormTransformer forms;
  private final ProcessCache cache;
  private final TimerScheduler timers;

  public Deployments(
      EngineState state,
      EngineClock clock,
      BpmnTransformer transformer,
      FormTransformer forms,
      ProcessCache cache,
      TimerScheduler timers) {
    this.state = state;
    this.clock = clock;
    this.transformer = transformer;
    this.forms = forms;
    this.cache = cache;
    this.timers = timers;
  }

  /**
   * Transforms and validates every resource; safe to call off the writer thread.
   *
   * @throws InvalidDeploymentException naming every problem found
   */
  public Validated validate(List<Resource> resources) {
    if (resources.isEmpty()) {
      throw new InvalidArgumentException(
          "Expected at least one resource to deploy, but none was given");
    }
    List<String> problems = new ArrayList<>();
    Map<Resource, List<ExecutableProcess>> result = new LinkedHashMap<>();
    Map<Resource, FormDefinition> formResult = new LinkedHashMap<>();
    Set<String> ids = new HashSet<>();
    Set<String> formIds = new HashSet<>();
    for (Resource resource : resources) {
      String name = resource.name() == null ? "" : resource.name();
      if (name.endsWith(".form")) {
        try {
          FormDefinition form = forms.transform(name, resource.content());
          if (!formIds.add(form.formId())) {
            problems.add(
                "Expected each form id once per deployment, but '%s' appears twice"
                    .formatted(form.formId()));
          }
          formResult.put(resource, form);
        } catch (InvalidDeploymentException e) {
          problems.addAll(e.problems());
        }
        continue;
      }
      if (!name.endsWith(".bpmn") && !name.endsWith(".xml")) {
        problems.add(
            "Expected a BPMN (.bpmn or .xml) or Camunda Form (.form) resource, but '%s' is neither; DMN is not supported yet"
                .formatted(name));
        continue;
      }
      try {
        List<ExecutableProcess> processes = transformer.transform(name, resource.content());
        for (ExecutableProcess process : processes) {
          if (!ids.add(process.bpmnProcessId())) {
            problems.add(
                "Expected each process id once per deployment, but '%s' appears twice"
                    .formatted(process.bpmnProcessId()));
          }
          process.timerStartEventIds().forEach(id -> checkTimer(name, process, id, problems));
        }
        result.put(resource, processes);
      } catch (InvalidDeploymentException e) {
        problems.addAll(e.problems());
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidDeploymentException(problems);
    }
    return new Validated(result, formResult);
  }

  /** Stores validated resources. Writer thread only. */
  public Deployed deploy(Validated validated) {
    long deploymentKey = state.nextKey();
    List<DeployedForm> deployedForms = new ArrayList<>();
    Map<String, Long> formKeys = new LinkedHashMap<>();
    validated
        .forms()
        .forEach(
            (resource, form) -> {
              DeployedForm version = deployForm(deploymentKey, resource, form);
              deployedForms.add(version);
              formKeys.put(version.formId(), version.key());
            });
    List<DeployedProcess> deployed = new ArrayList<>();
    validated
        .processes()
        .forEach(
            (resource, processes) -> {
              String checksum = checksum(resource.content());
              for (ExecutableProcess process : processes) {
                DeployedProcess latest = state.definitions().latest(process.bpmnProcessId());
                if (latest != null
                    && latest.checksum().equals(checksum)
                    && latest.resourceName().equals(resource.name())) {
                  deployed.add(latest);
                  continue;
                }
                DeployedProcess version =
                    new DeployedProcess(
                        state.nextKey(),
                        process.bpmnProcessId(),
                        latest == null ? 1 : latest.version() + 1,
                        process.name(),
                        resource.name(),
                        deploymentKey,
                        checksum,
                        new String(resource.content(), StandardCharsets.UTF_8),
                        clock.millis(),
                        Map.copyOf(formKeys));
                state.definitions().put(version);
                cache.put(version.key(), process);
                replaceStartTimers(version, process);
                deployed.add(version);
              }
            });
    return new Deployed(deploymentKey, deployed, deployedForms);
  }

  private DeployedForm deployForm(long deploymentKey, Resource resource, FormDefinition form) {
    String checksum = checksum(resource.content());
    DeployedForm latest = state.forms().latest(form.formId());
    if (latest != null
        && latest.checksum().equals(checksum)
        && latest.resourceName().equals(resource.name())) {
      return latest;
    }
    DeployedForm version =
        new DeployedForm(
            state.nextKey(),
            form.formId(),
            latest == null ? 1 : latest.version() + 1,
            form.versionTag(),
            resource.name(),
            deploymentKey,
            checksum,
            form.schema(),
            clock.millis());
    state.forms().put(version);
    return version;
  }

  private void replaceStartTimers(DeployedProcess version, ExecutableProcess process) {
    for (Timer timer : state.timers().ofOwner(-1)) {
      DeployedProcess owner = state.definitions().get(timer.processDefinitionKey());
      if (owner.bpmnProcessId().equals(version.bpmnProcessId())) {
        state.timers().remove(timer.key());
      }
    }
    for (String startId : process.timerStartEventIds()) {
      timers.scheduleStart(version.key(), process.node(startId));
    }
  }

  private void checkTimer(
      String resource, ExecutableProcess process, String id, List<String> problems) {
    try {
      timers.validateStart(process.node(id));
    } catch (RuntimeException e) {
      problems.add("'%s' element '%s': %s".formatted(resource, id, e.getMessage()));
    }
  }

  private static String checksum(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Expected SHA-256 to be available, but it is not", e);
    }
  }
}

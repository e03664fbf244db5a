package io.modelship.engine.deployment;

import io.modelship.engine.command.InvalidArgumentException;
import io.modelship.engine.model.ExecutableProcess;
import io.modelship.engine.parse.BpmnTransformer;
import io.modelship.engine.parse.InvalidDeploymentException;
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
 * Deploys BPMN resources. Every resource is transformed and validated first; if any has a problem,
 * nothing is stored. A process whose resource is unchanged keeps its latest version; a changed one
 * gets the next version, and its timer start events replace those of the versions before it.
 */
public final class Deployments {

  /** The outcome: the deployment key and each process version, new or existing. */
  public record Deployed(long deploymentKey, List<DeployedProcess> processes) {}

  private final EngineState state;
  private final EngineClock clock;
  private final BpmnTransformer transformer;
  private final ProcessCache cache;
  private final TimerScheduler timers;

  public Deployments(
      EngineState state,
      EngineClock clock,
      BpmnTransformer transformer,
      ProcessCache cache,
      TimerScheduler timers) {
    this.state = state;
    this.clock = clock;
    this.transformer = transformer;
    this.cache = cache;
    this.timers = timers;
  }

  /**
   * Transforms and validates every resource; safe to call off the writer thread.
   *
   * @throws InvalidDeploymentException naming every problem found
   */
  public Map<Resource, List<ExecutableProcess>> validate(List<Resource> resources) {
    if (resources.isEmpty()) {
      throw new InvalidArgumentException(
          "Expected at least one resource to deploy, but none was given");
    }
    List<String> problems = new ArrayList<>();
    Map<Resource, List<ExecutableProcess>> result = new LinkedHashMap<>();
    Set<String> ids = new HashSet<>();
    for (Resource resource : resources) {
      String name = resource.name() == null ? "" : resource.name();
      if (!name.endsWith(".bpmn") && !name.endsWith(".xml")) {
        problems.add(
            "Expected a BPMN resource (.bpmn or .xml), but '%s' is not one; DMN and forms are not supported yet"
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
    return result;
  }

  /** Stores validated resources. Writer thread only. */
  public Deployed deploy(Map<Resource, List<ExecutableProcess>> validated) {
    long deploymentKey = state.nextKey();
    List<DeployedProcess> deployed = new ArrayList<>();
    validated.forEach(
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
                    clock.millis());
            state.definitions().put(version);
            cache.put(version.key(), process);
            replaceStartTimers(version, process);
            deployed.add(version);
          }
        });
    return new Deployed(deploymentKey, deployed);
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

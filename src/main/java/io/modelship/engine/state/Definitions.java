package io.modelship.engine.state;

import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/** Deployed process versions, indexed by BPMN process id and version. */
public final class Definitions extends Records<DeployedProcess> {

  private final Map<String, NavigableMap<Integer, Long>> versions = new HashMap<>();

  Definitions(Changes changes) {
    super(Table.PROCESS_DEFINITION, changes);
  }

  /** The latest version of a process, or null. */
  public DeployedProcess latest(String bpmnProcessId) {
    NavigableMap<Integer, Long> byVersion = versions.get(bpmnProcessId);
    return byVersion == null ? null : get(byVersion.lastEntry().getValue());
  }

  /** The latest version of every process. */
  public java.util.List<DeployedProcess> latestVersions() {
    java.util.List<DeployedProcess> result = new java.util.ArrayList<>();
    versions.values().forEach(v -> result.add(get(v.lastEntry().getValue())));
    return result;
  }

  public DeployedProcess version(String bpmnProcessId, int version) {
    NavigableMap<Integer, Long> byVersion = versions.get(bpmnProcessId);
    Long key = byVersion == null ? null : byVersion.get(version);
    return key == null ? null : get(key);
  }

  @Override
  protected void unindex(DeployedProcess process) {
    NavigableMap<Integer, Long> byVersion = versions.get(process.bpmnProcessId());
    if (byVersion != null) {
      byVersion.remove(process.version(), process.key());
      if (byVersion.isEmpty()) {
        versions.remove(process.bpmnProcessId());
      }
    }
  }

  @Override
  protected void index(DeployedProcess process) {
    versions
        .computeIfAbsent(process.bpmnProcessId(), id -> new TreeMap<>())
        .put(process.version(), process.key());
  }
}

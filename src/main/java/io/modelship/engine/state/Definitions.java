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

  public DeployedProcess version(String bpmnProcessId, int version) {
    NavigableMap<Integer, Long> byVersion = versions.get(bpmnProcessId);
    Long key = byVersion == null ? null : byVersion.get(version);
    return key == null ? null : get(key);
  }

  @Override
  protected void index(DeployedProcess process) {
    versions
        .computeIfAbsent(process.bpmnProcessId(), id -> new TreeMap<>())
        .put(process.version(), process.key());
  }
}

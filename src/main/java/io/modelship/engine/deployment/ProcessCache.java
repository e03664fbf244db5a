package io.modelship.engine.deployment;

import io.modelship.engine.model.ExecutableProcess;
import io.modelship.engine.parse.BpmnTransformer;
import io.modelship.engine.state.DeployedProcess;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The executable form of each deployed process version, transformed from its stored XML on first
 * use (after a restart, the store holds only the XML).
 */
public final class ProcessCache {

  private final Map<Long, ExecutableProcess> byKey = new HashMap<>();
  private final BpmnTransformer transformer;

  public ProcessCache(BpmnTransformer transformer) {
    this.transformer = transformer;
  }

  public ExecutableProcess get(DeployedProcess process) {
    return byKey.computeIfAbsent(
        process.key(),
        key ->
            transformer
                .transform(process.resourceName(), process.xml().getBytes(StandardCharsets.UTF_8))
                .stream()
                .filter(p -> p.bpmnProcessId().equals(process.bpmnProcessId()))
                .findFirst()
                .orElseThrow());
  }

  public void clear() {
    byKey.clear();
  }

  void put(long key, ExecutableProcess process) {
    byKey.put(key, process);
  }
}

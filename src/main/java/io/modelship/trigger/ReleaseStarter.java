package io.modelship.trigger;

import io.camunda.client.CamundaClient;
import io.modelship.pipeline.PipelineProperties;
import io.modelship.pipeline.Processes;
import io.modelship.pipeline.RunIds;
import io.modelship.release.ReleaseLocks;
import io.modelship.release.Run;
import io.modelship.release.Runs;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Starts {@code nightly-release} on request, for every app or one. It claims each app's release
 * lock for the new run before it starts the instance, so a second release of a busy app is refused
 * with the running one named, whether that one was started by the API or by the nightly timer.
 */
@Component
public class ReleaseStarter {

  private final CamundaClient camunda;
  private final ReleaseLocks locks;
  private final Runs runs;
  private final ProcessLiveness liveness;
  private final PipelineProperties pipeline;
  private final Clock clock;

  public ReleaseStarter(
      CamundaClient camunda,
      ReleaseLocks locks,
      Runs runs,
      ProcessLiveness liveness,
      PipelineProperties pipeline,
      Clock clock) {
    this.camunda = camunda;
    this.locks = locks;
    this.runs = runs;
    this.liveness = liveness;
    this.pipeline = pipeline;
    this.clock = clock;
  }

  /**
   * @param app one configured app, or null for every configured app
   * @throws AppBusyException when an app's release is already running; nothing is started then
   */
  public StartedRun start(String app, String startedBy) {
    List<String> apps = app == null ? List.copyOf(pipeline.apps().keySet()) : List.of(app);
    if (app != null) {
      pipeline.app(app);
    }
    String runId = RunIds.mint(clock);
    List<String> claimed = new ArrayList<>();
    for (String name : apps) {
      ReleaseLocks.Claim claim = locks.claim(name, runId, null, liveness::isStale);
      if (!claim.claimed()) {
        claimed.forEach(c -> locks.release(c, runId));
        throw new AppBusyException(name, claim.holder().ownerRunId());
      }
      claimed.add(name);
    }
    runs.record(runId, Run.RELEASE, app, startedBy);
    Map<String, Object> variables = new HashMap<>();
    variables.put("runId", runId);
    if (app != null) {
      variables.put("requestedApp", app);
    }
    try {
      long key =
          camunda
              .newCreateInstanceCommand()
              .bpmnProcessId(Processes.NIGHTLY_RELEASE)
              .latestVersion()
              .variables(variables)
              .send()
              .join()
              .getProcessInstanceKey();
      runs.attachProcessInstance(runId, key);
      locks.attachProcessInstance(runId, key);
      return new StartedRun(runId, true);
    } catch (RuntimeException e) {
      claimed.forEach(c -> locks.release(c, runId));
      throw new EngineUnavailableException(
          "Expected the engine to start " + Processes.NIGHTLY_RELEASE + ", but it refused", e);
    }
  }
}

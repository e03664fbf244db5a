package io.modelship.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.search.enums.ProcessInstanceState;
import io.camunda.client.api.search.response.ProcessInstance;
import io.camunda.client.api.search.response.SearchResponse;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.modelship.release.Build;
import io.modelship.release.ReleaseLedger;
import io.modelship.release.Run;
import io.modelship.release.Runs;
import io.modelship.servers.HttpCountingProxy;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The runs page's batched queries on the embedded engine and the H2 ledger: rows, order, paging and
 * filters, and how many requests reach the engine (counted by a real HTTP proxy in front of it):
 * one process-instance search per page, keyed by the page's instances.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.datasource.url=jdbc:h2:mem:run-list;DB_CLOSE_DELAY=-1",
      "camunda.client.worker.defaults.enabled=false",
      "modelship.pipeline.deploy-on-start=false",
      "modelship.engine.port=0",
      "modelship.engine.data-dir=target/run-list-test/${random.uuid}"
    })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunListTest {

  private static final String SEARCH = "/v2/process-instances/search";

  /** A key the engine never gave out: the ledger knows the run, the engine does not. */
  private static final long UNKNOWN_KEY = 2251799813999999L;

  @Autowired CamundaClient camunda;
  @Autowired Runs runs;
  @Autowired ReleaseLedger ledger;
  @Autowired JdbcClient jdbc;
  @Autowired Clock clock;

  private HttpCountingProxy proxy;
  private CamundaClient proxied;
  private RunList list;
  private long active;
  private long completed;
  private long incident;
  private long failedBuild;

  @BeforeAll
  void instancesInEveryState() throws Exception {
    proxy = new HttpCountingProxy(camunda.getConfiguration().getRestAddress().getPort());
    proxied =
        CamundaClient.newClientBuilder()
            .restAddress(URI.create("http://127.0.0.1:" + proxy.port()))
            .preferRestOverGrpc(true)
            .build();
    list = new RunList(runs, ledger, proxied, clock);
    camunda
        .newDeployResourceCommand()
        .addProcessModel(
            Bpmn.createExecutableProcess("run-list-wait")
                .startEvent()
                .userTask("wait")
                .zeebeUserTask()
                .endEvent()
                .done(),
            "run-list-wait.bpmn")
        .addProcessModel(
            Bpmn.createExecutableProcess("run-list-end").startEvent().endEvent().done(),
            "run-list-end.bpmn")
        .addProcessModel(
            Bpmn.createExecutableProcess("run-list-job")
                .startEvent()
                .serviceTask("work", t -> t.zeebeJobType("run-list-work"))
                .endEvent()
                .done(),
            "run-list-job.bpmn")
        .send()
        .join();
    active = start("run-list-wait");
    completed = start("run-list-end");
    failedBuild = start("run-list-end");
    incident = start("run-list-job");
    ActivatedJob job = awaitJob();
    camunda.newFailCommand(job).retries(0).errorMessage("failed by RunListTest").send().join();
    await("the engine to list the incident and both completed instances", this::settled);
  }

  @AfterAll
  void stopProxy() throws Exception {
    proxied.close();
    proxy.close();
  }

  /**
   * Six runs, newest first: run-6 (build, incident), run-5 (build whose instance the engine does
   * not know), run-4 (release, completed), run-3 (build, completed but the build failed), run-2
   * (build, active), run-1 (build, no instance yet).
   */
  @BeforeEach
  void sixRuns() {
    jdbc.sql("delete from builds").update();
    jdbc.sql("delete from runs").update();
    Instant start = Instant.parse("2026-12-07T10:00:00Z");
    String[][] made = {
      {"run-1", Run.BUILD, "model-api"},
      {"run-2", Run.BUILD, "model-api"},
      {"run-3", Run.BUILD, "churn-api"},
      {"run-4", Run.RELEASE, null},
      {"run-5", Run.BUILD, "model-api"},
      {"run-6", Run.BUILD, "churn-api"}
    };
    Long[] keys = {null, active, failedBuild, completed, UNKNOWN_KEY, incident};
    for (int i = 0; i < made.length; i++) {
      runs.record(made[i][0], made[i][1], made[i][2], "alice");
      jdbc.sql("update runs set created_at = ? where run_id = ?")
          .params(java.sql.Timestamp.from(start.plusSeconds(i)), made[i][0])
          .update();
      if (keys[i] != null) {
        runs.attachProcessInstance(made[i][0], keys[i]);
      }
    }
    ledger.startBuild("run-3", "churn-api", "file:/repo", "main", "abcdef0123456789", "img");
    Build build = ledger.findBuild("run-3").orElseThrow();
    ledger.buildFailed(build, "tests-failed", "2 tests failed");
    proxy.reset();
  }

  @Test
  void shouldJoinAPageOfRunsWithTheEnginesStatesInOneSearch() {
    // when
    RunList.Page page = list.page(RunFilter.of(null, null, null, null, null));
    // then
    assertThat(page.runs())
        .extracting(RunList.Row::runId, RunList.Row::state)
        .containsExactly(
            tuple("run-6", "incident"),
            tuple("run-5", "unknown"),
            tuple("run-4", "completed"),
            tuple("run-3", "failed"),
            tuple("run-2", "active"),
            tuple("run-1", "unknown"));
    assertThat(page.hasNext()).isFalse();
    assertThat(page.runs().get(3).commit()).isEqualTo("abcdef0123");
    assertThat(page.runs().get(3).process()).isEqualTo("commit-build");
    assertThat(page.runs().get(2).process()).isEqualTo("nightly-release");
    assertThat(searches()).as("process-instance searches").isEqualTo(1);
  }

  @Test
  void shouldPageNewestFirstWithOneSearchPerPage() {
    // when
    RunList.Page first = list.page(RunFilter.of(null, null, null, "0", "4"));
    RunList.Page second = list.page(RunFilter.of(null, null, null, "1", "4"));
    RunList.Page beyond = list.page(RunFilter.of(null, null, null, "5", "4"));
    // then
    assertThat(first.runs())
        .extracting(RunList.Row::runId)
        .containsExactly("run-6", "run-5", "run-4", "run-3");
    assertThat(first.hasNext()).isTrue();
    assertThat(second.runs()).extracting(RunList.Row::runId).containsExactly("run-2", "run-1");
    assertThat(second.hasNext()).isFalse();
    assertThat(beyond.runs()).isEmpty();
    assertThat(beyond.hasNext()).isFalse();
    // two pages with instances; the empty one asks the engine nothing
    assertThat(searches()).isEqualTo(2);
  }

  @Test
  void shouldFilterByAppProcessAndState() {
    // when
    List<String> modelApi = ids(RunFilter.of("model-api", null, null, null, null));
    List<String> releases = ids(RunFilter.of(null, "nightly-release", null, null, null));
    List<String> inIncident = ids(RunFilter.of(null, null, "incident", null, null));
    List<String> activeOnes = ids(RunFilter.of(null, null, "active", null, null));
    List<String> failed = ids(RunFilter.of(null, null, "failed", null, null));
    List<String> churnCompleted = ids(RunFilter.of("churn-api", null, "completed", null, null));
    List<String> none = ids(RunFilter.of("no-such-app", null, null, null, null));
    // then
    assertThat(modelApi).containsExactly("run-5", "run-2", "run-1");
    assertThat(releases).containsExactly("run-4");
    assertThat(inIncident).containsExactly("run-6");
    assertThat(activeOnes).containsExactly("run-2");
    assertThat(failed).containsExactly("run-3");
    // run-3's instance completed, but its row reads as its build: failed
    assertThat(churnCompleted).isEmpty();
    assertThat(none).isEmpty();
  }

  private List<String> ids(RunFilter filter) {
    return list.page(filter).runs().stream().map(RunList.Row::runId).toList();
  }

  private long searches() {
    return proxy.exchanges().stream().filter(e -> e.path().startsWith(SEARCH)).count();
  }

  private static org.assertj.core.groups.Tuple tuple(Object... values) {
    return org.assertj.core.groups.Tuple.tuple(values);
  }

  private long start(String process) {
    return camunda
        .newCreateInstanceCommand()
        .bpmnProcessId(process)
        .latestVersion()
        .send()
        .join()
        .getProcessInstanceKey();
  }

  private ActivatedJob awaitJob() throws InterruptedException {
    Instant until = Instant.now().plusSeconds(30);
    while (Instant.now().isBefore(until)) {
      List<ActivatedJob> jobs =
          camunda
              .newActivateJobsCommand()
              .jobType("run-list-work")
              .maxJobsToActivate(1)
              .timeout(Duration.ofMinutes(5))
              .requestTimeout(Duration.ofSeconds(2))
              .send()
              .join()
              .getJobs();
      if (!jobs.isEmpty()) {
        return jobs.get(0);
      }
      Thread.sleep(100);
    }
    throw new AssertionError("Expected a run-list-work job within 30 s, but none came");
  }

  private boolean settled() {
    SearchResponse<ProcessInstance> found =
        camunda
            .newProcessInstanceSearchRequest()
            .filter(f -> f.processInstanceKey(k -> k.in(active, completed, failedBuild, incident)))
            .send()
            .join();
    return found.items().stream()
                .filter(i -> i.getState() == ProcessInstanceState.COMPLETED)
                .count()
            == 2
        && found.items().stream().anyMatch(i -> Boolean.TRUE.equals(i.getHasIncident()));
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    Instant until = Instant.now().plusSeconds(30);
    while (!condition.getAsBoolean()) {
      assertThat(Instant.now()).as("Expected %s within 30 s", what).isBefore(until);
      Thread.sleep(100);
    }
  }
}

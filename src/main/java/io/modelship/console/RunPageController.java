package io.modelship.console;

import io.modelship.api.IncidentRetries;
import io.modelship.api.RunViews;
import io.modelship.release.Runs;
import java.io.IOException;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * One run: its diagram with each element's state, its steps and their logs, key variables,
 * incidents (with Retry for the {@code trigger} role) and waiting approvals.
 */
@Controller
class RunPageController {

  private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9._-]{1,80}");
  private static final Pattern STEP = Pattern.compile("[A-Za-z0-9._-]{1,200}");

  private final RunViews views;
  private final Runs runs;
  private final RunDiagram diagrams;
  private final KeyVariables variables;
  private final StepLogReader logs;
  private final ApprovalCandidates candidates;
  private final IncidentRetries retries;

  RunPageController(
      RunViews views,
      Runs runs,
      RunDiagram diagrams,
      KeyVariables variables,
      StepLogReader logs,
      ApprovalCandidates candidates,
      IncidentRetries retries) {
    this.views = views;
    this.runs = runs;
    this.diagrams = diagrams;
    this.variables = variables;
    this.logs = logs;
    this.candidates = candidates;
    this.retries = retries;
  }

  @GetMapping("/runs/{runId}")
  String run(@PathVariable String runId, Model model) {
    RunViews.RunDetail run = find(runId);
    model.addAttribute("run", run);
    model.addAttribute("variables", variables.of(run.processInstanceKey()));
    model.addAttribute(
        "approvals", run.pendingApprovals().isEmpty() ? List.of() : candidates.ofRun(runId));
    return "console/run";
  }

  @GetMapping(path = "/runs/{runId}/diagram.json", produces = MediaType.APPLICATION_JSON_VALUE)
  @ResponseBody
  ResponseEntity<Object> diagram(@PathVariable String runId) {
    try {
      return ResponseEntity.ok(diagrams.of(instanceOf(runId)));
    } catch (IllegalArgumentException | ErrorResponseException e) {
      return ConsolePages.jsonProblem(e);
    }
  }

  /** The marks alone, polled by the open run page while the run is active. */
  @GetMapping(path = "/runs/{runId}/marks.json", produces = MediaType.APPLICATION_JSON_VALUE)
  @ResponseBody
  ResponseEntity<Object> marks(@PathVariable String runId) {
    try {
      return ResponseEntity.ok(diagrams.marks(instanceOf(runId)));
    } catch (IllegalArgumentException | ErrorResponseException e) {
      return ConsolePages.jsonProblem(e);
    }
  }

  @GetMapping("/runs/{runId}/steps/{step}/log")
  ResponseEntity<String> log(@PathVariable String runId, @PathVariable String step)
      throws IOException {
    check(runId);
    if (!STEP.matcher(step).matches()) {
      throw new IllegalArgumentException("Expected a step id, but got '" + step + "'");
    }
    return logs.read(runId, step)
        .map(
            log ->
                ResponseEntity.ok()
                    .header("X-Step-Running", String.valueOf(log.running()))
                    .header("X-Step", log.step())
                    .header("X-Steps", String.join(",", log.steps()))
                    .contentType(MediaType.TEXT_PLAIN)
                    .body(log.text()))
        .orElseGet(
            () ->
                ResponseEntity.status(HttpStatus.NOT_FOUND)
                    .contentType(MediaType.TEXT_PLAIN)
                    .body("No log for step '" + step + "' of run '" + runId + "'"));
  }

  @PostMapping("/runs/{runId}/incidents/{key}/retry")
  String retry(@PathVariable String runId, @PathVariable long key, RedirectAttributes flash) {
    find(runId);
    try {
      IncidentRetries.RetryAnswer answer = retries.retry(key, 3);
      flash.addFlashAttribute(
          "notice",
          "Retried incident "
              + key
              + (answer.jobKey() == null
                  ? ""
                  : ": its job has " + answer.retries() + " retries again")
              + ". The run goes on from where it stopped.");
    } catch (ErrorResponseException e) {
      flash.addFlashAttribute("problem", e.getBody().getDetail());
    }
    return "redirect:/runs/" + runId;
  }

  private RunViews.RunDetail find(String runId) {
    check(runId);
    return views.detail(runId).orElseThrow(() -> noSuchRun(runId));
  }

  /**
   * The run's process instance (null while it has none) from the ledger's run alone: the diagram
   * and its marks need no more, and the open page asks for the marks every second.
   */
  private Long instanceOf(String runId) {
    check(runId);
    return runs.find(runId).orElseThrow(() -> noSuchRun(runId)).processInstanceKey();
  }

  private static ErrorResponseException noSuchRun(String runId) {
    return new ErrorResponseException(
        HttpStatus.NOT_FOUND,
        ProblemDetail.forStatusAndDetail(
            HttpStatus.NOT_FOUND, "Expected a run '" + runId + "', but there is none"),
        null);
  }

  private static void check(String runId) {
    if (!RUN_ID.matcher(runId).matches()) {
      throw new IllegalArgumentException("Expected a run id, but got '" + runId + "'");
    }
  }
}

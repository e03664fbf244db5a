package io.modelship.console;

import io.modelship.release.Runs;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/** The runs page at {@code /}, and the JSON it polls to stay current. */
@Controller
class RunsPageController {

  private final RunList list;
  private final Runs runs;

  RunsPageController(RunList list, Runs runs) {
    this.list = list;
    this.runs = runs;
  }

  @GetMapping("/")
  String runs(
      @RequestParam(required = false) String app,
      @RequestParam(required = false) String process,
      @RequestParam(required = false) String state,
      @RequestParam(required = false) String page,
      @RequestParam(required = false) String size,
      Model model) {
    RunFilter filter = RunFilter.of(app, process, state, page, size);
    RunList.Page found = list.page(filter);
    model.addAttribute("filter", filter);
    model.addAttribute("found", found);
    model.addAttribute("apps", runs.apps());
    model.addAttribute("processes", List.of("commit-build", "nightly-release"));
    model.addAttribute("states", RunFilter.STATES.stream().sorted().toList());
    model.addAttribute(
        "previous", filter.page() > 0 ? "/" + filter.query(filter.page() - 1) : null);
    model.addAttribute("next", found.hasNext() ? "/" + filter.query(filter.page() + 1) : null);
    return "console/runs";
  }

  @GetMapping(path = "/runs.json", produces = "application/json")
  @ResponseBody
  ResponseEntity<Object> runsJson(
      @RequestParam(required = false) String app,
      @RequestParam(required = false) String process,
      @RequestParam(required = false) String state,
      @RequestParam(required = false) String page,
      @RequestParam(required = false) String size) {
    try {
      return ResponseEntity.ok(list.page(RunFilter.of(app, process, state, page, size)));
    } catch (IllegalArgumentException e) {
      return ConsolePages.jsonProblem(e);
    }
  }
}

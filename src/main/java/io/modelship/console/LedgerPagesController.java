package io.modelship.console;

import io.modelship.pipeline.PipelineProperties;
import io.modelship.release.Build;
import io.modelship.release.Release;
import io.modelship.release.ReleaseLedger;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The ledger's pages: what runs in each environment (and what ran there before), and the builds.
 */
@Controller
class LedgerPagesController {

  private static final Pattern APP = Pattern.compile("[a-z0-9-]{1,40}");
  private static final int HISTORY = 50;

  /** One environment: what runs there now, one row per app, and its newest deployments. */
  record Environment(String name, List<Release> current, List<Release> history) {}

  private final ReleaseLedger ledger;
  private final PipelineProperties pipeline;

  LedgerPagesController(ReleaseLedger ledger, PipelineProperties pipeline) {
    this.ledger = ledger;
    this.pipeline = pipeline;
  }

  @GetMapping("/environments")
  String environments(Model model) {
    Set<String> names = new LinkedHashSet<>(List.of("staging", "production"));
    names.addAll(ledger.environments());
    List<Environment> environments = new ArrayList<>();
    for (String name : names) {
      environments.add(
          new Environment(name, ledger.currentAll(name), ledger.history(name, HISTORY)));
    }
    model.addAttribute("environments", environments);
    return "console/environments";
  }

  @GetMapping("/builds")
  String builds(@RequestParam(required = false) String app, Model model) {
    String wanted = app == null || app.isBlank() ? null : app.strip();
    if (wanted != null && !APP.matcher(wanted).matches()) {
      throw new IllegalArgumentException(
          "Expected 'app' to match " + APP.pattern() + ", but it was '" + wanted + "'");
    }
    List<Build> builds = ledger.newestBuilds(wanted, 100);
    model.addAttribute("app", wanted);
    model.addAttribute("builds", builds);
    model.addAttribute("configuredApps", pipeline.apps().keySet().stream().sorted().toList());
    return "console/builds";
  }
}

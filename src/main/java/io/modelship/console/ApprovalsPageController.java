package io.modelship.console;

import io.modelship.api.Approvals;
import io.modelship.release.Runs;
import java.security.Principal;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The approvals waiting, and the decision on one (role {@code release-managers}; Spring Security
 * answers 403 to anyone else). The approver is the signed-in user; the approval form's values go
 * with the decision.
 */
@Controller
class ApprovalsPageController {

  private final ApprovalCandidates candidates;
  private final Approvals approvals;
  private final Runs runs;
  private final JsonMapper json;

  ApprovalsPageController(
      ApprovalCandidates candidates, Approvals approvals, Runs runs, JsonMapper json) {
    this.candidates = candidates;
    this.approvals = approvals;
    this.runs = runs;
    this.json = json;
  }

  @GetMapping("/approvals")
  String approvals(Model model) {
    model.addAttribute("approvals", candidates.all());
    return "console/approvals";
  }

  @PostMapping("/runs/{runId}/approval")
  String decide(
      @PathVariable String runId,
      @RequestParam(required = false) String decision,
      @RequestParam(required = false) String comment,
      @RequestParam(required = false) String app,
      @RequestParam(required = false) String formValues,
      Principal user,
      RedirectAttributes flash) {
    if (runs.find(runId).isEmpty()) {
      throw new ErrorResponseException(
          HttpStatus.NOT_FOUND,
          ProblemDetail.forStatusAndDetail(
              HttpStatus.NOT_FOUND, "Expected a run '" + runId + "', but there is none"),
          null);
    }
    Map<String, Object> values = values(formValues);
    String why = comment;
    if (why == null || why.isBlank()) {
      Object fromForm = values.getOrDefault("approvalComment", values.get("comment"));
      why = fromForm == null ? null : String.valueOf(fromForm);
    }
    try {
      Approvals.ApprovalAnswer answer =
          approvals.decide(
              runId,
              decision,
              why,
              app == null || app.isBlank() ? null : app,
              user.getName(),
              values);
      flash.addFlashAttribute(
          "notice",
          (answer.approved() ? "Approved" : "Rejected")
              + " production for "
              + answer.app()
              + " as "
              + answer.approver()
              + ".");
    } catch (ErrorResponseException e) {
      if (e.getStatusCode().value() == 404
          && e.getBody().getDetail().startsWith("Expected a run")) {
        throw e;
      }
      flash.addFlashAttribute("problem", e.getBody().getDetail());
    }
    return "redirect:/runs/" + runId;
  }

  private Map<String, Object> values(String formValues) {
    if (formValues == null || formValues.isBlank()) {
      return Map.of();
    }
    try {
      Map<String, Object> values = json.readValue(formValues, new TypeReference<>() {});
      return values == null ? Map.of() : values;
    } catch (JacksonException e) {
      throw new IllegalArgumentException(
          "Expected the approval form's values as a JSON object, but they cannot be read");
    }
  }
}

package io.modelship.api;

import io.swagger.v3.oas.annotations.Operation;
import java.security.Principal;
import java.util.Map;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Approves or rejects a release waiting in "Approve production release". The approver is the
 * signed-in user (role {@code release-managers}); the body has no say in who approved.
 */
@RestController
class ApprovalController {

  /**
   * @param decision {@code approve} or {@code reject}
   * @param comment why, shown in the ledger
   * @param app which app's approval, when several of the run wait
   */
  record ApprovalBody(String decision, String comment, String app) {}

  private final Approvals approvals;

  ApprovalController(Approvals approvals) {
    this.approvals = approvals;
  }

  @Operation(summary = "Approve or reject a release waiting for approval")
  @PostMapping("/api/runs/{runId}/approval")
  Approvals.ApprovalAnswer decide(
      @PathVariable String runId,
      @RequestBody(required = false) ApprovalBody body,
      Principal user) {
    if (body == null) {
      throw ApiProblem.badRequest(
          "Expected 'decision' to be 'approve' or 'reject', but it was missing");
    }
    return approvals.decide(
        runId, body.decision(), body.comment(), body.app(), user.getName(), Map.of());
  }
}

package io.modelship.console;

import static io.modelship.api.ApiSecurityProperties.APPROVE;
import static io.modelship.api.ApiSecurityProperties.TRIGGER;

import io.modelship.api.ApprovalProperties;
import jakarta.servlet.http.HttpServletResponse;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotWritableException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.ui.Model;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * What every console page shows (who signed in, what they may do), and every failure as a page with
 * its status and a sentence: never a stack trace. Unexpected failures are logged with an id the
 * page names.
 */
@ControllerAdvice(basePackageClasses = ConsolePages.class)
class ConsolePages {

  private static final Logger LOG = LoggerFactory.getLogger(ConsolePages.class);

  private final ApprovalProperties approvals;

  ConsolePages(ApprovalProperties approvals) {
    this.approvals = approvals;
  }

  @ModelAttribute
  void signedIn(Model model) {
    who(model);
    // The approval view offers no decision to a release's starter when the API would refuse it.
    model.addAttribute("selfApprovalAllowed", approvals.allowSelfApproval());
    model.addAttribute("selfApprovalProperty", ApprovalProperties.ALLOW_SELF_APPROVAL);
  }

  static void who(Model model) {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    boolean signedIn =
        auth != null && auth.isAuthenticated() && !"anonymousUser".equals(auth.getName());
    model.addAttribute("user", signedIn ? auth.getName() : null);
    model.addAttribute("canTrigger", signedIn && has(auth, TRIGGER));
    model.addAttribute("canApprove", signedIn && has(auth, APPROVE));
  }

  private static boolean has(Authentication auth, String role) {
    return auth.getAuthorities().stream()
        .map(GrantedAuthority::getAuthority)
        .anyMatch(("ROLE_" + role)::equals);
  }

  @ExceptionHandler(ErrorResponseException.class)
  String problem(ErrorResponseException e, Model model, HttpServletResponse response) {
    int status = e.getStatusCode().value();
    return page(model, response, status, e.getBody().getDetail());
  }

  @ExceptionHandler({
    MethodArgumentTypeMismatchException.class,
    MissingServletRequestParameterException.class,
    IllegalArgumentException.class
  })
  String badRequest(Exception e, Model model, HttpServletResponse response) {
    String detail =
        e instanceof MethodArgumentTypeMismatchException mismatch
            ? "Expected '"
                + mismatch.getName()
                + "' to be a "
                + simpleType(mismatch)
                + ", but it was '"
                + mismatch.getValue()
                + "'"
            : e.getMessage();
    return page(model, response, 400, detail);
  }

  /** The browser went away mid-answer (a page left while polling): nothing to answer. */
  @ExceptionHandler({AsyncRequestNotUsableException.class, HttpMessageNotWritableException.class})
  void gone(Exception e) {
    LOG.debug("The browser left before the answer was written: {}", e.getMessage());
  }

  @ExceptionHandler(Exception.class)
  String unexpected(Exception e, Model model, HttpServletResponse response) {
    String id = UUID.randomUUID().toString();
    LOG.error("Unexpected failure {} in the console", id, e);
    return page(
        model,
        response,
        500,
        "Expected to show the page, but an unexpected failure occurred; it is logged as " + id);
  }

  private static String simpleType(MethodArgumentTypeMismatchException e) {
    return e.getRequiredType() == null
        ? "value"
        : e.getRequiredType().getSimpleName().toLowerCase();
  }

  /**
   * The JSON endpoints' answer to bad input (a page would not do: they produce JSON): a 400 or the
   * problem's own status, as {@code application/problem+json}.
   */
  static ResponseEntity<Object> jsonProblem(RuntimeException e) {
    if (e instanceof ErrorResponseException problem) {
      return ResponseEntity.status(problem.getStatusCode())
          .contentType(MediaType.APPLICATION_PROBLEM_JSON)
          .body(problem.getBody());
    }
    if (e instanceof IllegalArgumentException) {
      return ResponseEntity.badRequest()
          .contentType(MediaType.APPLICATION_PROBLEM_JSON)
          .body(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage()));
    }
    throw e;
  }

  static String page(Model model, HttpServletResponse response, int status, String detail) {
    response.setStatus(status);
    who(model);
    HttpStatus known = HttpStatus.resolve(status);
    model.addAttribute("status", status);
    model.addAttribute("title", known == null ? "Error" : known.getReasonPhrase());
    model.addAttribute("detail", detail);
    return "console/problem";
  }
}

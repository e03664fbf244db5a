package io.modelship.console;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;

/** The sign-in page (Spring Security's form login handles the POST) and the 403 page. */
@Controller
class LoginController {

  @GetMapping("/login")
  String login() {
    return "console/login";
  }

  /** Where Spring Security forwards a signed-in user whose roles do not allow the request. */
  @RequestMapping("/console/forbidden")
  String forbidden(Model model, HttpServletResponse response) {
    return ConsolePages.page(
        model,
        response,
        403,
        "Expected a role that allows this, but the signed-in user has none (read-only users see"
            + " runs but do not approve, retry or start them)");
  }
}

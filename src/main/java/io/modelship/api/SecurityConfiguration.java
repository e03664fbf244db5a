package io.modelship.api;

import static io.modelship.api.ApiSecurityProperties.APPROVE;
import static io.modelship.api.ApiSecurityProperties.READ;
import static io.modelship.api.ApiSecurityProperties.TRIGGER;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Spring Security guards {@code /api/**} only: basic auth or a bearer token from configuration, and
 * a role per kind of call. The engine's {@code /v2/**} (its own binding and credential rule), the
 * webhooks (which verify their own secrets), health and the OpenAPI document are outside it.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

  @Bean
  SecurityFilterChain apiSecurity(
      HttpSecurity http, ApiSecurityProperties properties, JsonMapper json) throws Exception {
    AuthenticationEntryPoint unauthorized =
        (request, response, e) -> {
          response.setHeader("WWW-Authenticate", "Basic realm=\"modelship\", Bearer");
          problem(json, response, HttpStatus.UNAUTHORIZED, "Expected valid credentials for /api");
        };
    AccessDeniedHandler forbidden =
        (request, response, e) ->
            problem(
                json,
                response,
                HttpStatus.FORBIDDEN,
                "Expected a role that allows "
                    + request.getMethod()
                    + " "
                    + request.getRequestURI()
                    + ", but the signed-in user has none");
    http.securityMatcher("/api/**")
        .csrf(csrf -> csrf.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .httpBasic(basic -> basic.authenticationEntryPoint(unauthorized))
        .exceptionHandling(
            e -> e.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
        .addFilterBefore(
            new BearerTokenFilter(properties.tokens(), unauthorized),
            BasicAuthenticationFilter.class)
        .authorizeHttpRequests(
            auth ->
                auth.requestMatchers(HttpMethod.POST, "/api/runs/*/approval")
                    .hasRole(APPROVE)
                    .requestMatchers(HttpMethod.POST, "/api/**")
                    .hasRole(TRIGGER)
                    .requestMatchers(HttpMethod.GET, "/api/**")
                    .hasAnyRole(READ, TRIGGER, APPROVE)
                    .anyRequest()
                    .denyAll());
    return http.build();
  }

  @Bean
  UserDetailsService apiUsers(ApiSecurityProperties properties) {
    InMemoryUserDetailsManager users = new InMemoryUserDetailsManager();
    for (ApiSecurityProperties.User user : properties.users()) {
      if (user.name() == null || user.password() == null || user.password().isEmpty()) {
        throw new IllegalStateException(
            "Expected every modelship.api.users entry to have a name and a password, but "
                + user
                + " lacks one");
      }
      String password =
          user.password().startsWith("{") ? user.password() : "{noop}" + user.password();
      users.createUser(
          User.withUsername(user.name())
              .password(password)
              .roles(user.roles() == null ? new String[0] : user.roles().toArray(String[]::new))
              .build());
    }
    return users;
  }

  @Bean
  PasswordEncoder passwordEncoder() {
    return PasswordEncoderFactories.createDelegatingPasswordEncoder();
  }

  static void problem(
      JsonMapper json, HttpServletResponse response, HttpStatus status, String detail)
      throws IOException {
    response.setStatus(status.value());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    json.writeValue(
        response.getOutputStream(),
        Map.of(
            "type",
            "about:blank",
            "title",
            status.getReasonPhrase(),
            "status",
            status.value(),
            "detail",
            detail));
  }
}

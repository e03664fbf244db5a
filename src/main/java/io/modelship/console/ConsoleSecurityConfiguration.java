package io.modelship.console;

import static io.modelship.api.ApiSecurityProperties.APPROVE;
import static io.modelship.api.ApiSecurityProperties.READ;
import static io.modelship.api.ApiSecurityProperties.TRIGGER;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The web console's pages: form login at {@code /login} with the users of {@code
 * modelship.api.users} and their roles, a session cookie, and CSRF tokens on every form. Only the
 * console's own paths are matched, so {@code /api/**} (basic and bearer, stateless), the webhooks,
 * the engine's {@code /v2} and actuator keep their own rules.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleSecurityConfiguration {

  static final String[] PAGES = {
    "/",
    "/login",
    "/logout",
    "/runs.json",
    "/runs/**",
    "/approvals",
    "/approvals/**",
    "/environments",
    "/environments/**",
    "/builds",
    "/builds/**",
    "/releases",
    "/incidents/**",
    "/console/**"
  };

  @Bean
  @Order(10)
  SecurityFilterChain consoleSecurity(HttpSecurity http) throws Exception {
    http.securityMatcher(PAGES)
        .formLogin(form -> form.loginPage("/login").defaultSuccessUrl("/", false).permitAll())
        .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?signedOut"))
        .exceptionHandling(e -> e.accessDeniedPage("/console/forbidden"))
        .headers(h -> h.frameOptions(f -> f.deny()))
        .authorizeHttpRequests(
            auth ->
                auth.requestMatchers("/console/**", "/login")
                    .permitAll()
                    .requestMatchers(HttpMethod.POST, "/runs/*/approval")
                    .hasRole(APPROVE)
                    .requestMatchers(HttpMethod.POST, "/runs/*/incidents/*/retry")
                    .hasRole(TRIGGER)
                    .requestMatchers(HttpMethod.POST, "/builds", "/releases")
                    .hasRole(TRIGGER)
                    .requestMatchers(HttpMethod.GET, PAGES)
                    .hasAnyRole(READ, TRIGGER, APPROVE)
                    .anyRequest()
                    .denyAll());
    return http.build();
  }
}

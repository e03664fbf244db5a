package io.modelship.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer <token>} against the configured tokens. Tokens are
 * compared by their SHA-256 in constant time, so timing tells nothing about a token's prefix.
 */
class BearerTokenFilter extends OncePerRequestFilter {

  private record Known(byte[] hash, ApiSecurityProperties.Token token) {}

  private final List<Known> tokens;
  private final AuthenticationEntryPoint entryPoint;

  BearerTokenFilter(List<ApiSecurityProperties.Token> tokens, AuthenticationEntryPoint entryPoint) {
    this.tokens =
        tokens.stream()
            .filter(t -> t.token() != null && !t.token().isBlank())
            .map(t -> new Known(sha256(t.token()), t))
            .toList();
    this.entryPoint = entryPoint;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String header = request.getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      chain.doFilter(request, response);
      return;
    }
    byte[] presented = sha256(header.substring(7).trim());
    ApiSecurityProperties.Token match = null;
    for (Known known : tokens) {
      if (MessageDigest.isEqual(known.hash(), presented)) {
        match = known.token();
      }
    }
    if (match == null) {
      SecurityContextHolder.clearContext();
      entryPoint.commence(request, response, new BadCredentialsException("Unknown bearer token"));
      return;
    }
    List<SimpleGrantedAuthority> authorities =
        match.roles().stream().map(r -> new SimpleGrantedAuthority("ROLE_" + r)).toList();
    SecurityContextHolder.getContext()
        .setAuthentication(
            UsernamePasswordAuthenticationToken.authenticated(match.name(), null, authorities));
    chain.doFilter(request, response);
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Expected the JDK to have SHA-256", e);
    }
  }
}

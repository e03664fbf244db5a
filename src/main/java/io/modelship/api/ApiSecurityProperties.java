package io.modelship.api;

import io.modelship.steplog.SecretValues;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who may call {@code /api}: users with basic auth and clients with bearer tokens, each with roles
 * {@code trigger} (start builds and releases, retry incidents), {@code release-managers} (approve)
 * and {@code read}. Passwords may carry a Spring Security encoder prefix such as {@code {bcrypt}};
 * without one they are compared as given. Give secrets through the environment, never in a file in
 * the repository. Every password and token is masked in step logs and in what is sent to the
 * engine.
 */
@ConfigurationProperties("modelship.api")
public record ApiSecurityProperties(List<User> users, List<Token> tokens) implements SecretValues {

  public static final String TRIGGER = "trigger";
  public static final String APPROVE = "release-managers";
  public static final String READ = "read";

  public ApiSecurityProperties {
    users = users == null ? List.of() : List.copyOf(users);
    tokens = tokens == null ? List.of() : List.copyOf(tokens);
  }

  /** The passwords (as given, and without an encoder prefix such as {@code {noop}}) and tokens. */
  @Override
  public Collection<String> values() {
    List<String> values = new ArrayList<>();
    for (User user : users) {
      if (user.password() != null) {
        values.add(user.password());
        values.add(user.password().replaceFirst("^\\{[^}]*}", ""));
      }
    }
    tokens.forEach(t -> values.add(t.token()));
    return values;
  }

  /** A user who signs in with basic auth. */
  public record User(String name, String password, Set<String> roles) {
    @Override
    public String toString() {
      return "User[name=" + name + ", roles=" + roles + "]";
    }
  }

  /** A client that sends {@code Authorization: Bearer <token>}; {@code name} is who it acts as. */
  public record Token(String name, String token, Set<String> roles) {
    @Override
    public String toString() {
      return "Token[name=" + name + ", roles=" + roles + "]";
    }
  }
}

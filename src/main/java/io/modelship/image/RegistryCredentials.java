package io.modelship.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A registry user and password, read when needed from a file or the environment (never from a
 * property, never logged: {@link #toString()} hides the password).
 */
public final class RegistryCredentials {

  private final String username;
  private final String password;

  private RegistryCredentials(String username, String password) {
    this.username = username;
    this.password = password;
  }

  /**
   * Reads the credentials the properties point at; empty when no user is configured.
   *
   * @param environment looks up an environment variable, e.g. {@code System::getenv}
   * @throws IllegalStateException when a user is configured but no password can be found
   */
  public static Optional<RegistryCredentials> resolve(
      RegistryProperties properties, UnaryOperator<String> environment) {
    if (properties.username().isEmpty()) {
      return Optional.empty();
    }
    String password = null;
    if (properties.passwordFile() != null) {
      try {
        password = Files.readString(properties.passwordFile(), StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new IllegalStateException(
            "Expected the registry password in the file "
                + properties.passwordFile()
                + ", but it cannot be read ("
                + e.getClass().getSimpleName()
                + ")");
      }
    } else if (!properties.passwordEnv().isBlank()) {
      password = environment.apply(properties.passwordEnv());
    }
    if (password == null || password.isEmpty()) {
      throw new IllegalStateException(
          "Expected a registry password for user '"
              + properties.username()
              + "' in "
              + (properties.passwordFile() != null
                  ? "the file " + properties.passwordFile()
                  : "the environment variable " + properties.passwordEnv())
              + ", but there is none");
    }
    return Optional.of(new RegistryCredentials(properties.username(), password));
  }

  public static RegistryCredentials of(String username, String password) {
    return new RegistryCredentials(username, password);
  }

  public String username() {
    return username;
  }

  /** The secret itself: hand it only to a client that sends it over TLS. */
  public String password() {
    return password;
  }

  /** The value of a basic {@code Authorization} header. */
  String basicAuthorization() {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "RegistryCredentials[username=" + username + ", password=****]";
  }
}

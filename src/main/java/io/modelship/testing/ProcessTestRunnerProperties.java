package io.modelship.testing;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code modelship.testing.process.*}: the app's tests as a process next to Modelship.
 *
 * @param path the {@code PATH} the tests see
 * @param env more variables the tests see (e.g. {@code LANG}); never put a secret here
 */
@ConfigurationProperties("modelship.testing.process")
public record ProcessTestRunnerProperties(
    @DefaultValue("/usr/local/bin:/usr/bin:/bin") String path, Map<String, String> env) {

  public ProcessTestRunnerProperties {
    env = env == null ? Map.of() : Map.copyOf(env);
  }
}

package io.modelship.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;

/**
 * The demo's embedded defaults, settled before any bean exists (and before the engine's own
 * settings, so the engine takes a free port): every data folder under {@code
 * modelship.demo.directory}, emptied first; the sample app with its repository there, which is also
 * the root of {@code file:} model URIs; the API user the demo signs in as, with a password made for
 * this run, allowed to approve the release it started; the Docker engine of {@code DOCKER_HOST}
 * when it is set; and, when the sample's image can only be made from {@code scratch}, deployments
 * only as a local process or a dry run.
 *
 * <p>These sit below the command line, system properties and environment variables, and above
 * {@code application.yaml}: anything configured the usual way still wins.
 */
public final class DemoEnvironment implements EnvironmentPostProcessor, Ordered {

  static final String SOURCE = "modelshipDemo";
  static final String MARKER = ".modelship-demo";
  static final String PASSWORD_FILE = "api-password";

  @Override
  public int getOrder() {
    return ConfigDataEnvironmentPostProcessor.ORDER + 5;
  }

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
    if (!env.getProperty("modelship.demo.enabled", Boolean.class, false)) {
      return;
    }
    DemoProperties demo = Binder.get(env).bindOrCreate("modelship.demo", DemoProperties.class);
    Path dir = demo.directory().toAbsolutePath().normalize();
    prepare(dir);
    Map<String, Object> defaults = new LinkedHashMap<>();
    defaults.put("modelship.data-dir", dir.toString());
    defaults.put("modelship.engine.port", "0");
    defaults.put("modelship.step-logs.folder.root", dir.resolve("step-logs").toString());
    defaults.put("modelship.models.cache.root", dir.resolve("model-cache").toString());
    defaults.put("modelship.models.file.root", demo.repository().toString());
    defaults.put("modelship.source.workspaces", dir.resolve("workspaces").toString());
    defaults.put("modelship.image.jib.output-directory", dir.resolve("images").toString());
    defaults.put("modelship.image.docker.output-directory", dir.resolve("images").toString());
    defaults.put("modelship.deploy.local-process.root", dir.resolve("local-process").toString());
    defaults.put("modelship.deploy.dry-run.output-directory", dir.resolve("dry-run").toString());
    defaults.put(
        "modelship.pipeline.apps." + DemoProperties.APP + ".repository-url",
        demo.repository().toUri().toString());
    String dockerHost = System.getenv("DOCKER_HOST");
    if (dockerHost != null && !dockerHost.isBlank()) {
      defaults.put("modelship.docker.host", dockerHost);
    }
    if (!DemoBaseImage.choose(demo.baseImage(), System.getenv()).runnable()) {
      defaults.put("modelship.deploy.auto.order", "local-process,dry-run");
    }
    String password = password();
    writePassword(dir.resolve(PASSWORD_FILE), password);
    defaults.put("modelship.api.users[0].name", demo.approver());
    defaults.put("modelship.api.users[0].password", password);
    defaults.put("modelship.api.users[0].roles", "trigger,read,release-managers");
    // The demo's one user starts the release and approves it.
    defaults.put("modelship.approvals.allow-self-approval", "true");
    // The console shows the demo's own lines and errors; everything goes to the log file.
    defaults.put("logging.file.name", dir.resolve("modelship.log").toString());
    defaults.put("logging.threshold.console", "ERROR");
    MapPropertySource source = new MapPropertySource(SOURCE, defaults);
    String configFile =
        env.getPropertySources().stream()
            .map(PropertySource::getName)
            .filter(name -> name.startsWith("Config resource"))
            .findFirst()
            .orElse(null);
    if (configFile == null) {
      env.getPropertySources().addLast(source);
    } else {
      env.getPropertySources().addBefore(configFile, source);
    }
  }

  /** Empties the folder an earlier demo made; refuses a folder that holds anything else. */
  static void prepare(Path dir) {
    try {
      if (Files.isDirectory(dir) && !Files.exists(dir.resolve(MARKER))) {
        try (Stream<Path> entries = Files.list(dir)) {
          if (entries.findAny().isPresent()) {
            throw new IllegalStateException(
                "Expected modelship.demo.directory "
                    + dir
                    + " to be empty or an earlier demo's, but it holds other files: choose another"
                    + " folder");
          }
        }
      }
      if (Files.exists(dir)) {
        try (Stream<Path> walk = Files.walk(dir)) {
          for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(p);
          }
        }
      }
      Files.createDirectories(dir);
      Files.writeString(
          dir.resolve(MARKER), "Made by Modelship's demo; emptied when the next demo starts.\n");
    } catch (IOException e) {
      throw new UncheckedIOException("Expected to prepare " + dir + ", but " + e.getMessage(), e);
    }
  }

  private static String password() {
    byte[] bytes = new byte[18];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The password, readable by its owner only, for calling the API while the demo serves. */
  private static void writePassword(Path file, String password) {
    try {
      Files.writeString(file, "");
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      Files.writeString(file, password + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("Expected to write " + file + ", but " + e.getMessage(), e);
    }
  }
}

package io.modelship.engine;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Settles the engine's address before any bean exists, because the Camunda client bean is created
 * before Tomcat binds its ports:
 *
 * <ul>
 *   <li>{@code modelship.engine.port=0} becomes a concrete free loopback port;
 *   <li>{@code modelship.engine.grpc-port=0} likewise;
 *   <li>{@code camunda.client.rest-address} (and {@code grpc-address}) point at the embedded engine
 *       unless set explicitly, with Basic credentials when the engine has them;
 *   <li>{@code modelship.engine.data-dir} is resolved once, so {@code ${random.uuid}} in it gives
 *       one folder per application context (what tests want).
 * </ul>
 */
public final class EngineEnvironment implements EnvironmentPostProcessor, Ordered {

  private static final String SOURCE = "modelshipEngine";

  @Override
  public int getOrder() {
    return ConfigDataEnvironmentPostProcessor.ORDER + 10;
  }

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
    if (!env.getProperty("modelship.engine.enabled", Boolean.class, true)) {
      return;
    }
    Map<String, Object> settled = new HashMap<>();
    boolean standalone = env.getProperty("modelship.engine.standalone", Boolean.class, false);
    int port;
    if (standalone) {
      port = env.getProperty("server.port", Integer.class, 8080);
      if (port == 0) {
        port = freePort();
        settled.put("server.port", port);
      }
    } else {
      port = env.getProperty("modelship.engine.port", Integer.class, 8088);
      if (port == 0) {
        port = freePort();
        settled.put("modelship.engine.port", port);
      }
    }
    int grpcPort = env.getProperty("modelship.engine.grpc-port", Integer.class, -1);
    if (grpcPort == 0) {
      grpcPort = freePort();
      settled.put("modelship.engine.grpc-port", grpcPort);
    }
    if (grpcPort > 0 && !env.containsProperty("camunda.client.grpc-address")) {
      settled.put("camunda.client.grpc-address", "http://127.0.0.1:" + grpcPort);
    }
    String dataDir = env.getProperty("modelship.engine.data-dir");
    if (dataDir != null) {
      settled.put("modelship.engine.data-dir", Path.of(dataDir).toString());
    }
    if (!env.containsProperty("camunda.client.rest-address")) {
      settled.put("camunda.client.rest-address", "http://127.0.0.1:" + port);
      String username = env.getProperty("modelship.engine.username");
      String password = env.getProperty("modelship.engine.password");
      if (username != null
          && password != null
          && !env.containsProperty("camunda.client.auth.method")) {
        settled.put("camunda.client.auth.method", "basic");
        settled.put("camunda.client.auth.username", username);
        settled.put("camunda.client.auth.password", password);
      }
    }
    env.getPropertySources().addFirst(new MapPropertySource(SOURCE, settled));
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(
          "Expected a free loopback port for the engine, but: " + e.getMessage(), e);
    }
  }
}

package io.modelship.engine;

import io.modelship.engine.grpc.GrpcGateway;
import io.modelship.engine.instance.History;
import org.apache.catalina.connector.Connector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.util.FileSystemUtils;

/**
 * Runs the embedded engine inside the Spring Boot application.
 *
 * <p>Binding rule: the engine API is for local processes. Without credentials it binds to loopback
 * only, and the application refuses to start otherwise. In the default profile it gets a Tomcat
 * connector of its own ({@code modelship.engine.address}:{@code modelship.engine.port}), separate
 * from the orchestrator's port; in the {@code engine} profile ({@code standalone}) it is served on
 * {@code server.port}, bound to {@code server.address}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnEngine
class EngineConfiguration {

  private static final Logger LOG = LoggerFactory.getLogger(EngineConfiguration.class);

  @Bean(destroyMethod = "")
  Engine engine(EngineProperties properties, Environment environment) {
    String bound =
        properties.standalone()
            ? environment.getProperty("server.address", "0.0.0.0")
            : properties.address();
    properties.checkBinding(bound);
    Engine engine =
        Engine.start(
            properties.dataDir(),
            new History.Limits(properties.historySize(), properties.historyRetention()));
    LOG.info(
        "Embedded engine: /v2 on {}:{}{}, state in {}",
        bound,
        properties.standalone()
            ? environment.getProperty("server.port", "8080")
            : String.valueOf(properties.port()),
        properties.hasCredentials() ? " (Basic credentials required)" : "",
        properties.dataDir().toAbsolutePath());
    return engine;
  }

  /** The gRPC gateway, unless {@code modelship.engine.grpc-port} is -1. */
  @Bean(destroyMethod = "")
  java.util.Optional<GrpcGateway> engineGrpcGateway(
      Engine engine, EngineProperties properties, Environment environment) {
    if (properties.grpcPort() < 0) {
      return java.util.Optional.empty();
    }
    String bound =
        properties.standalone()
            ? environment.getProperty("server.address", "0.0.0.0")
            : properties.address();
    GrpcGateway gateway =
        GrpcGateway.start(
            engine,
            bound,
            properties.grpcPort(),
            properties.hasCredentials()
                ? properties.username() + ":" + properties.password()
                : null);
    LOG.info("Embedded engine: gRPC gateway on {}:{}", bound, gateway.port());
    return java.util.Optional.of(gateway);
  }

  /**
   * Answers the waiting job polls before the web server's graceful shutdown starts (a higher phase
   * stops first), so that a SIGTERM does not wait for each long poll's request timeout. A pause
   * leaves them waiting; a context stopped and started again parks polls again.
   */
  @Bean
  SmartLifecycle engineJobPollsShutdown(Engine engine) {
    return new SmartLifecycle() {
      private volatile boolean running;
      private volatile boolean stopped;

      @Override
      public void start() {
        if (stopped) {
          engine.reopenPolls();
        }
        running = true;
      }

      @Override
      public void stop() {
        running = false;
        stopped = true;
        engine.closePolls();
      }

      @Override
      public boolean isRunning() {
        return running;
      }

      @Override
      public int getPhase() {
        return WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE + 1;
      }

      @Override
      public boolean isPauseable() {
        // A paused context (the test framework's, between test classes) keeps its polls waiting.
        return false;
      }
    };
  }

  /** Stops the engine (and drops a throw-away data folder) when the context closes. */
  @Bean
  DisposableBean engineShutdown(
      Engine engine, EngineProperties properties, java.util.Optional<GrpcGateway> grpc) {
    return () -> {
      grpc.ifPresent(GrpcGateway::close);
      engine.close();
      if (properties.deleteDataOnClose()) {
        FileSystemUtils.deleteRecursively(properties.dataDir());
      }
    };
  }

  @Bean
  WebServerFactoryCustomizer<TomcatServletWebServerFactory> engineConnector(
      EngineProperties properties) {
    return factory -> {
      if (!properties.standalone()) {
        Connector connector = new Connector(TomcatServletWebServerFactory.DEFAULT_PROTOCOL);
        connector.setPort(properties.port());
        connector.setProperty("address", properties.address());
        factory.addAdditionalConnectors(connector);
      }
    };
  }

  @Bean
  FilterRegistrationBean<EngineRequestFilter> engineRequestFilter(
      EngineProperties properties, Environment environment, Engine engine) {
    int port =
        properties.standalone()
            ? environment.getProperty("server.port", Integer.class, 8080)
            : properties.port();
    FilterRegistrationBean<EngineRequestFilter> registration =
        new FilterRegistrationBean<>(new EngineRequestFilter(properties, port, engine));
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
    return registration;
  }
}

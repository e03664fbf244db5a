package io.modelship.engine.api;

import io.micrometer.observation.ObservationPredicate;
import io.modelship.engine.ConditionalOnEngine;
import java.util.List;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Serves Camunda's REST model classes with the Jackson 2 converter they are made for, and the hot
 * commands without Spring MVC ({@link FastCommandFilter}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnEngine
class EngineWebConfiguration implements WebMvcConfigurer {

  @Override
  public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
    converters.add(0, new RestModelConverter());
  }

  @Override
  public void extendHandlerExceptionResolvers(List<HandlerExceptionResolver> resolvers) {
    resolvers.add(0, new UnmappedProblems());
  }

  /** Right after {@code EngineRequestFilter} (port, credentials, size), before everything else. */
  @Bean
  FilterRegistrationBean<FastCommandFilter> engineFastCommandFilter(
      ProcessInstanceController instances, JobController jobs, JobPollController polls) {
    FilterRegistrationBean<FastCommandFilter> registration =
        new FilterRegistrationBean<>(new FastCommandFilter(instances, jobs, polls));
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 11);
    registration.addUrlPatterns("/v2/*");
    return registration;
  }

  /**
   * No HTTP server observation ({@code http.server.requests}) for the engine's {@code /v2}: at
   * thousands of requests a second the observation filter took about a sixth of the engine's CPU
   * (docs/engine-performance.md). The engine's own health and the application's endpoints are still
   * observed.
   */
  @Bean
  ObservationPredicate engineApiNotObserved() {
    return (name, context) ->
        !(context instanceof ServerRequestObservationContext server
            && server.getCarrier().getRequestURI().startsWith("/v2/"));
  }
}

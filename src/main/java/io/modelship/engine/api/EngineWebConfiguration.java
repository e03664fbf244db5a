package io.modelship.engine.api;

import io.modelship.engine.ConditionalOnEngine;
import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Serves Camunda's REST model classes with the Jackson 2 converter they are made for. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnEngine
class EngineWebConfiguration implements WebMvcConfigurer {

  @Override
  public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
    converters.add(0, new RestModelConverter());
  }
}

package io.modelship.engine.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.AbstractHttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;

/**
 * Reads and writes Camunda's REST model classes ({@code io.camunda.client.protocol.rest}, from the
 * client jar) with Jackson 2, the mapper they are generated for; Spring MVC's own Jackson 3
 * converter handles every other type. Unknown properties are rejected, so a misspelt field is a 400
 * rather than silently ignored.
 */
final class RestModelConverter extends AbstractHttpMessageConverter<Object> {

  private static final String MODEL_PACKAGE = "io.camunda.client.protocol.rest";

  private final ObjectMapper json =
      new ObjectMapper()
          .setSerializationInclusion(JsonInclude.Include.NON_NULL)
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

  RestModelConverter() {
    super(MediaType.APPLICATION_JSON);
  }

  @Override
  protected boolean supports(Class<?> type) {
    return type.getPackageName().equals(MODEL_PACKAGE);
  }

  @Override
  protected Object readInternal(Class<?> type, HttpInputMessage input) throws IOException {
    try {
      return json.readValue(input.getBody(), type);
    } catch (JsonProcessingException e) {
      throw new HttpMessageNotReadableException(
          "Expected a JSON %s, but %s".formatted(type.getSimpleName(), e.getOriginalMessage()),
          e,
          input);
    }
  }

  @Override
  protected void writeInternal(Object value, HttpOutputMessage output) throws IOException {
    json.writeValue(output.getBody(), value);
  }
}

package io.modelship.engine.feel;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.function.Supplier;
import org.camunda.feel.api.EvaluationResult;
import org.camunda.feel.api.FeelEngineApi;
import org.camunda.feel.api.FeelEngineBuilder;
import org.camunda.feel.api.ParseResult;

/**
 * Parses and evaluates FEEL with the Camunda FEEL engine. Its {@code now()} reads the engine's
 * controllable clock, so moving the clock moves FEEL's notion of time too.
 */
public final class FeelExpressions {

  private final FeelEngineApi feel;

  public FeelExpressions(Supplier<Instant> clock) {
    this.feel =
        FeelEngineBuilder.forJava()
            .withClock(() -> ZonedDateTime.ofInstant(clock.get(), ZoneOffset.UTC))
            .build();
  }

  /**
   * Parses an attribute that is always an expression (conditions, mapping sources, collections); a
   * leading {@code =} is optional.
   *
   * @throws IllegalArgumentException naming the parse failure
   */
  public Expression expression(String text) {
    String body = text.strip();
    if (body.startsWith("=")) {
      body = body.substring(1);
    }
    ParseResult result = feel.parseExpression(body);
    if (result.isFailure()) {
      throw new IllegalArgumentException(
          "Expected a valid FEEL expression '%s', but %s"
              .formatted(text, result.failure().message()));
    }
    return new Expression(text, null, result.parsedExpression());
  }

  /** Parses an attribute that is static text unless it starts with {@code =}. */
  public Expression valueOrExpression(String text) {
    if (text == null) {
      return null;
    }
    return text.strip().startsWith("=") ? expression(text) : Expression.ofStatic(text);
  }

  /**
   * Evaluates an expression against variables given as JSON.
   *
   * @return the result as JSON; FEEL null is JSON null
   * @throws ExpressionException naming the expression and the failure
   */
  public JsonNode evaluate(Expression expression, Map<String, JsonNode> variables) {
    if (expression.isStatic()) {
      return FeelValues.toJson(expression.staticValue());
    }
    EvaluationResult result = feel.evaluate(expression.parsed(), FeelValues.toFeel(variables));
    if (result.isFailure()) {
      throw new ExpressionException(
          "Expected to evaluate expression '%s', but %s"
              .formatted(expression.text(), result.failure().message()));
    }
    return FeelValues.toJson(result.result());
  }

  /**
   * Evaluates an expression that must give a string (a name, an id).
   *
   * @throws ExpressionException when it fails or gives anything else
   */
  public String text(Expression expression, Map<String, JsonNode> variables) {
    return expect(expression, variables, "STRING", JsonNode::isTextual).asText();
  }

  /**
   * Evaluates an expression that must give a list (a multi-instance input collection).
   *
   * @throws ExpressionException when it fails or gives anything else
   */
  public JsonNode list(Expression expression, Map<String, JsonNode> variables) {
    return expect(expression, variables, "ARRAY", JsonNode::isArray);
  }

  private JsonNode expect(
      Expression expression,
      Map<String, JsonNode> variables,
      String type,
      java.util.function.Predicate<JsonNode> isExpected) {
    JsonNode value = evaluate(expression, variables);
    if (!isExpected.test(value)) {
      throw new ExpressionException(
          "Expected result of the expression '%s' to be '%s', but was %s"
              .formatted(expression.text(), type, value.isNull() ? "'NULL'" : value));
    }
    return value;
  }
}

package io.modelship.engine.feel;

import org.camunda.feel.syntaxtree.ParsedExpression;

/**
 * An attribute value from the BPMN: either a static text or a FEEL expression parsed at deployment.
 * Evaluate it with {@link FeelExpressions#evaluate}.
 */
public record Expression(String text, String staticValue, ParsedExpression parsed) {

  public static Expression ofStatic(String value) {
    return new Expression(value, value, null);
  }

  public boolean isStatic() {
    return parsed == null;
  }

  @Override
  public String toString() {
    return text;
  }
}

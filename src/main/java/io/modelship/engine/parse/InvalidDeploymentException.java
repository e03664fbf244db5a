package io.modelship.engine.parse;

import java.util.List;

/** A deployment was rejected; each problem names the resource, the element id and what is wrong. */
public class InvalidDeploymentException extends RuntimeException {

  private final List<String> problems;

  public InvalidDeploymentException(List<String> problems) {
    super(String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}

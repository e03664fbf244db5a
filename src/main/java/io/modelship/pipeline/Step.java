package io.modelship.pipeline;

import java.util.Map;

/** One step's work for one job: the side effect, returning the small variables it produces. */
@FunctionalInterface
public interface Step {

  Map<String, Object> run(StepContext context) throws Exception;
}

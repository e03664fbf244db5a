package io.modelship.engine.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelship.engine.state.Job;
import java.util.Map;

/** A job handed to a worker, with the variables it asked for. */
public record ActivatedJob(Job job, Map<String, JsonNode> variables) {}

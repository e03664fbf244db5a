/**
 * What every pipeline step shares: the BPMN error codes and how a step reports its outcome.
 *
 * <ul>
 *   <li>Success: the step returns its typed result.
 *   <li>Business outcome: {@link io.modelship.step.BusinessOutcomeException} with an {@link
 *       io.modelship.step.ErrorCode}; the worker throws the BPMN error, never retried.
 *   <li>Transient technical failure: {@link io.modelship.step.TransientStepException}; retried with
 *       backoff, then an incident.
 *   <li>Any other exception: a technical failure that retrying will not cure; an incident at once.
 * </ul>
 *
 * Steps know nothing of the engine: no imports from {@code io.modelship.engine} or the Camunda
 * client.
 */
package io.modelship.step;

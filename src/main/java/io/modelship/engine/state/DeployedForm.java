package io.modelship.engine.state;

/**
 * One version of a deployed Camunda Form: its {@code id} from the form's JSON, its version per id,
 * its {@code versionTag} (null when the form has none) and the schema as it was deployed.
 */
public record DeployedForm(
    long key,
    String formId,
    int version,
    String versionTag,
    String resourceName,
    long deploymentKey,
    String checksum,
    String schema,
    long deployedMillis)
    implements Entity {}

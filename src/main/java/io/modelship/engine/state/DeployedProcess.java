package io.modelship.engine.state;

/** One version of a deployed process, with the XML of the resource it came from. */
public record DeployedProcess(
    long key,
    String bpmnProcessId,
    int version,
    String name,
    String resourceName,
    long deploymentKey,
    String checksum,
    String xml,
    long deployedMillis)
    implements Entity {}

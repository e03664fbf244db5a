package io.modelship.engine.api;

import io.camunda.client.protocol.rest.BrokerInfo;
import io.camunda.client.protocol.rest.Partition;
import io.camunda.client.protocol.rest.TopologyResponse;
import io.modelship.engine.ConditionalOnEngine;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /v2/topology} and {@code /v2/status}: one broker, one partition, always the leader. */
@RestController("engineTopologyController")
@ConditionalOnEngine
@RequestMapping("/v2")
class TopologyController {

  static final String VERSION = "8.9.0";

  private final io.modelship.engine.Engine engine;

  TopologyController(io.modelship.engine.Engine engine) {
    this.engine = engine;
  }

  @GetMapping("/topology")
  TopologyResponse topology(HttpServletRequest request) {
    return new TopologyResponse()
        .brokers(
            List.of(
                new BrokerInfo()
                    .nodeId(0)
                    .host(request.getLocalAddr())
                    .port(request.getLocalPort())
                    .version(VERSION)
                    .partitions(
                        List.of(
                            new Partition()
                                .partitionId(1)
                                .role(Partition.RoleEnum.LEADER)
                                .health(Partition.HealthEnum.HEALTHY)))))
        .clusterSize(1)
        .partitionsCount(1)
        .replicationFactor(1)
        .gatewayVersion(VERSION)
        // Camunda Process Test waits for its purge to show here (see MonitoringController).
        .lastCompletedChangeId(Long.toString(engine.purges()));
  }

  @GetMapping("/status")
  ResponseEntity<Void> status() {
    return ResponseEntity.noContent().build();
  }
}

package io.modelship.deploy;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which deployer runs apps. A value that names no target fails the start with a message naming the
 * property (Spring's binding failure), rather than at the first deploy.
 *
 * @param target {@code auto} (the default), {@code local-docker}, {@code kubernetes}, {@code
 *     local-process} or {@code dry-run}
 * @param auto how {@code auto} chooses
 */
@ConfigurationProperties("modelship.deploy")
public record DeployTargetProperties(
    @DefaultValue("auto") DeployTarget target, @DefaultValue Auto auto) {

  /**
   * @param order the targets tried in turn at each deploy; the first that can run the app is used:
   *     {@code local-docker} when its engine answers a ping, {@code local-process} when the image
   *     is a tarball and the entrypoint's program is on its {@code PATH}, {@code dry-run} always
   */
  public record Auto(
      @DefaultValue({"local-docker", "local-process", "dry-run"}) List<DeployTarget> order) {

    public Auto {
      order = List.copyOf(order);
      if (order.isEmpty()
          || order.contains(DeployTarget.AUTO)
          || order.contains(DeployTarget.KUBERNETES)) {
        throw new IllegalArgumentException(
            "Expected modelship.deploy.auto.order to list local-docker, local-process or dry-run,"
                + " but it was "
                + order);
      }
    }
  }
}

package io.modelship.deploy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import io.modelship.image.DockerEngineFailure;
import io.modelship.image.DockerEngineProperties;
import io.modelship.image.RegistryCredentials;
import io.modelship.image.RegistryProperties;
import io.modelship.steplog.StepLog;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * Runs an app's image on a local Docker engine, the stand-in for a cluster on one machine. The
 * container uses the host's network and is told its port and address in {@code PORT} and {@code
 * HOST} (a free loopback port per deployment). The previous container of the same app and
 * environment keeps running until the new one answers its health check; then it is removed. A new
 * container that does not become healthy is removed and the rollout is {@code ROLLOUT_FAILED},
 * leaving the previous one serving.
 *
 * <p>Idempotent: a healthy container already running the same image for the same app and
 * environment is the deployment.
 */
public class LocalDockerDeployer implements Deployer {

  static final String TARGET = "local-docker";
  static final String LABEL_APP = "io.modelship.app";
  static final String LABEL_ENVIRONMENT = "io.modelship.environment";
  static final String LABEL_IMAGE = "io.modelship.image";
  static final String LABEL_PORT = "io.modelship.port";

  private final DockerEngineProperties engine;
  private final RegistryProperties registry;
  private final LocalDockerDeployerProperties properties;
  private final UnaryOperator<String> environment;
  private final LocalHealthProbe probe;

  public LocalDockerDeployer(
      DockerEngineProperties engine,
      RegistryProperties registry,
      LocalDockerDeployerProperties properties,
      UnaryOperator<String> environment) {
    this.engine = engine;
    this.registry = registry;
    this.properties = properties;
    this.environment = environment;
    this.probe =
        new LocalHealthProbe(
            properties.address(), properties.healthPath(), properties.healthTimeout());
  }

  @Override
  public Deployment deploy(DeployRequest request, StepLog log) {
    try (DockerClient docker = engine.connect()) {
      Optional<RegistryCredentials> credentials =
          registry.enabled()
              ? RegistryCredentials.resolve(registry, environment)
              : Optional.empty();
      String imageId =
          LocalImage.ensure(docker, request.image(), registry.host(), credentials, log);
      String name = containerName(request, imageId);
      Optional<Deployment> running = runningDeployment(docker, name, request);
      if (running.isPresent()) {
        log.append("Container " + name + " already runs " + request.image());
        removePrevious(docker, request, name, log);
        return running.get();
      }
      removeIfPresent(docker, name);
      int port = probe.freePort();
      Map<String, String> labels =
          Map.of(
              LABEL_APP, request.app(),
              LABEL_ENVIRONMENT, request.environment(),
              LABEL_IMAGE, request.image(),
              LABEL_PORT, Integer.toString(port));
      List<String> env = new ArrayList<>();
      request.config().image().env().forEach((k, v) -> env.add(k + "=" + v));
      env.add("PORT=" + port);
      env.add("HOST=" + properties.address());
      String id =
          docker
              .createContainerCmd(imageId)
              .withName(name)
              .withLabels(labels)
              .withEnv(env)
              .withHostConfig(HostConfig.newHostConfig().withNetworkMode("host"))
              .exec()
              .getId();
      docker.startContainerCmd(id).exec();
      log.append("Started " + name + " from " + request.image() + " on port " + port);
      URI endpoint = probe.endpoint(port);
      String problem = probe.awaitHealthy(endpoint, () -> exited(docker, id));
      if (problem != null) {
        log.append("Container logs:\n" + logs(docker, id));
        removeIfPresent(docker, name);
        throw probe.notHealthy(request.app(), endpoint, problem, "container");
      }
      removePrevious(docker, request, name, log);
      return new Deployment(
          request.environment(), request.app(), request.image(), endpoint, TARGET);
    } catch (IOException e) {
      throw DockerEngineFailure.unreachable(engine.host(), "run " + request.image(), e, e);
    } catch (RuntimeException e) {
      throw DockerEngineFailure.translate(e, engine.host(), "run " + request.image());
    }
  }

  @Override
  public Deployment rollback(DeployRequest target, StepLog log) {
    log.append(
        "Rolling " + target.app() + " in " + target.environment() + " back to " + target.image());
    return deploy(target, log);
  }

  /** Removes every container of the app in the environment. */
  @Override
  public void remove(DeployRequest request, StepLog log) {
    try (DockerClient docker = engine.connect()) {
      if (removePrevious(docker, request, null, log) == 0) {
        log.append("No container of " + request.app() + " in " + request.environment());
      }
    } catch (IOException e) {
      throw DockerEngineFailure.unreachable(engine.host(), "remove " + request.app(), e, e);
    } catch (RuntimeException e) {
      throw DockerEngineFailure.translate(e, engine.host(), "remove " + request.app());
    }
  }

  private static String containerName(DeployRequest request, String imageId) {
    String id = imageId.substring(imageId.indexOf(':') + 1);
    return "modelship-" + request.environment() + "-" + request.app() + "-" + id.substring(0, 12);
  }

  private Optional<Deployment> runningDeployment(
      DockerClient docker, String name, DeployRequest request) {
    try {
      InspectContainerResponse container = docker.inspectContainerCmd(name).exec();
      if (!Boolean.TRUE.equals(container.getState().getRunning())) {
        return Optional.empty();
      }
      String port = container.getConfig().getLabels().get(LABEL_PORT);
      if (port == null || !port.matches("[0-9]{1,5}")) {
        return Optional.empty(); // Not a container this deployer started: start a new one.
      }
      URI endpoint = probe.endpoint(Integer.parseInt(port));
      if (!probe.answers(endpoint)) {
        return Optional.empty();
      }
      return Optional.of(
          new Deployment(request.environment(), request.app(), request.image(), endpoint, TARGET));
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  /** Why the container is gone, or null while it runs. */
  private static String exited(DockerClient docker, String id) {
    InspectContainerResponse.ContainerState state =
        docker.inspectContainerCmd(id).exec().getState();
    return Boolean.TRUE.equals(state.getRunning())
        ? null
        : "the container exited with code " + state.getExitCodeLong();
  }

  private static int removePrevious(
      DockerClient docker, DeployRequest request, String keep, StepLog log) {
    List<Container> containers =
        docker
            .listContainersCmd()
            .withShowAll(true)
            .withLabelFilter(
                Map.of(LABEL_APP, request.app(), LABEL_ENVIRONMENT, request.environment()))
            .exec();
    int removed = 0;
    for (Container container : containers) {
      String name = container.getNames().length == 0 ? container.getId() : container.getNames()[0];
      if (!name.replaceFirst("^/", "").equals(keep)) {
        removed++;
        docker.removeContainerCmd(container.getId()).withForce(true).exec();
        log.append(
            (keep == null ? "Removed the container " : "Removed the previous container ")
                + name.replaceFirst("^/", ""));
      }
    }
    return removed;
  }

  private static void removeIfPresent(DockerClient docker, String name) {
    try {
      docker.removeContainerCmd(name).withForce(true).exec();
    } catch (NotFoundException e) {
      // Nothing to remove.
    }
  }

  private static String logs(DockerClient docker, String id) {
    StringBuilder out = new StringBuilder();
    try {
      docker
          .logContainerCmd(id)
          .withStdOut(true)
          .withStdErr(true)
          .withTail(30)
          .exec(
              new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                  out.append(
                      new String(frame.getPayload(), java.nio.charset.StandardCharsets.UTF_8));
                }
              })
          .awaitCompletion(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      out.append("(no logs: ").append(e.getMessage()).append(')');
    }
    return out.toString().stripTrailing();
  }
}

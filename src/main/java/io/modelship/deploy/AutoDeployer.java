package io.modelship.deploy;

import com.github.dockerjava.api.DockerClient;
import io.modelship.image.DockerEngineProperties;
import io.modelship.steplog.StepLog;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The target for running anywhere ({@code modelship.deploy.target=auto}): at each deploy and
 * rollback it takes the first target of {@code modelship.deploy.auto.order} that can run the app
 * here, by default the local Docker engine if one answers, else a local process, else a dry run.
 * The step log names the target and why each one before it was passed over.
 */
public class AutoDeployer implements Deployer, AutoCloseable {

  /**
   * The target chosen for one deployment, and why.
   *
   * @param target a {@link DeployTarget#id()}
   * @param reason why it was chosen, naming each target passed over
   */
  public record Choice(String target, String reason) {}

  private final List<DeployTarget> order;
  private final DockerEngineProperties docker;
  private final Deployer localDocker;
  private final LocalProcessDeployer localProcess;
  private final DryRunDeployer dryRun;
  private final Map<String, Choice> chosen = new ConcurrentHashMap<>();

  public AutoDeployer(
      List<DeployTarget> order,
      DockerEngineProperties docker,
      Deployer localDocker,
      LocalProcessDeployer localProcess,
      DryRunDeployer dryRun) {
    this.order = List.copyOf(order);
    this.docker = docker;
    this.localDocker = localDocker;
    this.localProcess = localProcess;
    this.dryRun = dryRun;
  }

  @Override
  public Deployment deploy(DeployRequest request, StepLog log) {
    return deployer(request, log).deploy(request, log);
  }

  @Override
  public Deployment rollback(DeployRequest target, StepLog log) {
    return deployer(target, log).rollback(target, log);
  }

  /**
   * Removes the app with the target that last deployed it there (after a restart, the target chosen
   * now).
   */
  @Override
  public void remove(DeployRequest request, StepLog log) {
    Choice choice =
        lastChoice(request.app(), request.environment()).orElseGet(() -> choose(request));
    log.append("Deploy target: " + choice.target() + " (" + choice.reason() + ")");
    target(choice).remove(request, log);
  }

  /** The target last chosen for an app in an environment, if any. */
  public Optional<Choice> lastChoice(String app, String environment) {
    return Optional.ofNullable(chosen.get(environment + "/" + app));
  }

  /** The first target in the order that can run the request's app here, and why. */
  public Choice choose(DeployRequest request) {
    List<String> passed = new ArrayList<>();
    for (DeployTarget target : order) {
      Optional<String> unable =
          switch (target) {
            case LOCAL_DOCKER ->
                dockerUnavailable()
                    .map(why -> "no Docker engine answers at " + docker.host() + " (" + why + ")");
            case LOCAL_PROCESS ->
                localProcess.unable(request).map(why -> "no local process: " + why);
            default -> Optional.empty();
          };
      if (unable.isPresent()) {
        passed.add(unable.get());
        continue;
      }
      String because =
          switch (target) {
            case LOCAL_DOCKER -> "a Docker engine answers at " + docker.host();
            case LOCAL_PROCESS -> "the app runs as a local process on this machine";
            default -> "a dry run deploys nothing";
          };
      passed.add(because);
      return new Choice(target.id(), String.join("; ", passed));
    }
    throw new IllegalStateException(
        "Expected a target in modelship.deploy.auto.order to run "
            + request.app()
            + ", but none can: "
            + String.join("; ", passed));
  }

  @Override
  public void close() {
    localProcess.close();
  }

  private Deployer deployer(DeployRequest request, StepLog log) {
    Choice choice = choose(request);
    chosen.put(request.environment() + "/" + request.app(), choice);
    log.append("Deploy target: " + choice.target() + " (" + choice.reason() + ")");
    return target(choice);
  }

  private Deployer target(Choice choice) {
    return switch (choice.target()) {
      case "local-docker" -> localDocker;
      case "local-process" -> localProcess;
      default -> dryRun;
    };
  }

  private Optional<String> dockerUnavailable() {
    try (DockerClient client = docker.connect()) {
      client.pingCmd().exec();
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return Optional.of(message.lines().findFirst().orElse(message));
    }
  }
}

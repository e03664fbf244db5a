package io.modelship.engine.api;

import io.camunda.client.protocol.rest.DeploymentFormResult;
import io.camunda.client.protocol.rest.DeploymentMetadataResult;
import io.camunda.client.protocol.rest.DeploymentProcessResult;
import io.camunda.client.protocol.rest.DeploymentResult;
import io.modelship.engine.ConditionalOnEngine;
import io.modelship.engine.Engine;
import io.modelship.engine.command.InvalidArgumentException;
import io.modelship.engine.deployment.Deployments;
import io.modelship.engine.deployment.Resource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * {@code POST /v2/deployments}: multipart, one {@code resources} part per file (BPMN or Camunda
 * Form). Parsing and validation run on the request thread; only storing goes through the writer.
 */
@RestController("engineDeploymentController")
@ConditionalOnEngine
@RequestMapping("/v2")
class DeploymentController {

  private final Engine engine;

  DeploymentController(Engine engine) {
    this.engine = engine;
  }

  @PostMapping(path = "/deployments", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  CompletableFuture<DeploymentResult> deploy(
      @RequestParam(name = "resources", required = false) List<MultipartFile> files,
      @RequestParam(name = "tenantId", required = false) String tenantId)
      throws IOException {
    if (files == null || files.isEmpty()) {
      throw new InvalidArgumentException(
          "Expected at least one multipart field 'resources', but none was given");
    }
    List<Resource> resources = new ArrayList<>();
    for (MultipartFile file : files) {
      resources.add(new Resource(file.getOriginalFilename(), file.getBytes()));
    }
    Deployments.Validated validated = engine.deployments().validate(resources);
    return engine
        .writer()
        .submit(() -> engine.deployments().deploy(validated))
        .thenApply(DeploymentController::result);
  }

  private static DeploymentResult result(Deployments.Deployed deployed) {
    DeploymentResult result =
        new DeploymentResult()
            .deploymentKey(Keys.text(deployed.deploymentKey()))
            .tenantId(ProcessInstanceController.TENANT);
    deployed
        .processes()
        .forEach(
            p ->
                result.addDeploymentsItem(
                    new DeploymentMetadataResult()
                        .processDefinition(
                            new DeploymentProcessResult()
                                .processDefinitionId(p.bpmnProcessId())
                                .processDefinitionVersion(p.version())
                                .resourceName(p.resourceName())
                                .tenantId(ProcessInstanceController.TENANT)
                                .processDefinitionKey(Keys.text(p.key())))));
    deployed
        .forms()
        .forEach(
            f ->
                result.addDeploymentsItem(
                    new DeploymentMetadataResult()
                        .form(
                            new DeploymentFormResult()
                                .formId(f.formId())
                                .version(f.version())
                                .resourceName(f.resourceName())
                                .tenantId(ProcessInstanceController.TENANT)
                                .formKey(Keys.text(f.key())))));
    return result;
  }
}

package io.modelship.demo;

import java.io.PrintStream;
import java.net.URI;
import org.springframework.core.env.Environment;

/** What the demo is about to use, each optional part named with the fallback taken. */
final class DemoPlan {

  private DemoPlan() {}

  static void print(
      PrintStream out, DemoProperties demo, DemoBaseImage base, Environment env, URI api) {
    out.println(DemoSummary.RULE);
    out.println("Modelship demo: the sample app through commit-build and nightly-release");
    out.println(DemoSummary.RULE);
    boolean embedded = env.getProperty("modelship.engine.enabled", Boolean.class, true);
    String restAddress = env.getProperty("camunda.client.rest-address", "(unset)");
    line(
        out,
        "engine",
        embedded
            ? "the embedded engine (Camunda 8 REST API at " + restAddress + ")"
            : "the Camunda 8 cluster at " + restAddress);
    line(out, "source", "a git repository made from " + demo.sample() + " at " + demo.repository());
    line(
        out,
        "model",
        "file:model/weights.json, resolved against "
            + env.getProperty("modelship.models.file.root")
            + " (modelship.models.file.root)");
    line(
        out,
        "tests",
        "the process runner, PATH "
            + env.getProperty("modelship.testing.process.path", "/usr/local/bin:/usr/bin:/bin")
            + " (Debian's python3 with Flask and pytest)");
    line(out, "base image", base.reference() + ": " + base.description());
    String registry = env.getProperty("modelship.registry.host", "");
    line(
        out,
        "image",
        registry.isBlank()
            ? "no registry configured (modelship.registry.host): an OCI tarball under "
                + env.getProperty("modelship.image.jib.output-directory")
            : "pushed to the registry " + registry);
    String target = env.getProperty("modelship.deploy.target", "auto");
    line(
        out,
        "deploy",
        target.equals("auto")
            ? "auto: the first of "
                + env.getProperty(
                    "modelship.deploy.auto.order", "local-docker,local-process,dry-run")
                + " that can run the app, chosen at each deploy (the Docker engine: "
                + env.getProperty("modelship.docker.host", "unix:///var/run/docker.sock")
                + ", from DOCKER_HOST or modelship.docker.host)"
            : target + ", as configured (modelship.deploy.target)");
    line(
        out,
        "API",
        api
            + "/api/runs as "
            + demo.approver()
            + ", password in "
            + demo.directory().toAbsolutePath().normalize().resolve(DemoEnvironment.PASSWORD_FILE));
    line(
        out,
        "log",
        demo.directory().toAbsolutePath().normalize().resolve("modelship.log").toString());
    out.println(DemoSummary.RULE);
  }

  private static void line(PrintStream out, String label, String value) {
    out.printf("%-12s %s%n", label, value);
  }
}

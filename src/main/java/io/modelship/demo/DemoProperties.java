package io.modelship.demo;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The demo ({@code bin/run --demo}): the sample app through commit-build and nightly-release on
 * this machine, with a summary at the end.
 *
 * @param enabled run the demo once Modelship is ready
 * @param sample the sample app's folder, from which the demo makes a git repository
 * @param directory the demo's own data folder (ledger, engine, logs, images, the repository); it is
 *     emptied when a demo starts, and only if an earlier demo made it
 * @param baseImage the sample's base image; empty: the cached Debian base that {@code
 *     tools/base-images/build python-flask} makes, else none ({@code scratch})
 * @param approver the API user the demo signs in as and approves as; clearly not a person
 * @param exitWhenDone stop Modelship after the summary (exit code 0 when released or when a dry run
 *     ended as planned, 1 otherwise); false keeps it serving
 * @param timeout how long the two runs may take together
 * @param autoApprove approve production as {@code approver} as soon as it asks; false: the demo
 *     waits for a person to approve or reject in the console (within {@code timeout})
 */
@ConfigurationProperties("modelship.demo")
public record DemoProperties(
    @DefaultValue("false") boolean enabled,
    @DefaultValue("samples/model-api") Path sample,
    @DefaultValue("data/demo") Path directory,
    @DefaultValue("") String baseImage,
    @DefaultValue("demo-auto-approver") String approver,
    @DefaultValue("true") boolean exitWhenDone,
    @DefaultValue("PT20M") Duration timeout,
    @DefaultValue("true") boolean autoApprove) {

  /** The app the sample is, as its {@code .modelship.yaml} names it. */
  public static final String APP = "model-api";

  /** The git repository the demo makes from the sample (its working tree is the model root). */
  public Path repository() {
    return directory.resolve(APP).toAbsolutePath().normalize();
  }
}

package io.modelship.deploy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The local-process target: the app's files and model, unpacked from its image tarball, run with
 * this machine's programs (e.g. Debian's python3 and gunicorn) on a loopback port.
 *
 * @param root where images are unpacked ({@code ROOT/images/<digest>}) and processes log ({@code
 *     ROOT/<environment>/<app>/...log}), relative to the working directory
 * @param path the {@code PATH} the app sees; the entrypoint's program is looked up on it (Debian's
 *     {@code /usr/bin} before any pyenv or virtualenv shims, which cannot see Debian's packages)
 * @param env more variables the app sees; never a secret
 * @param address the loopback address the app is told to listen on ({@code HOST})
 * @param healthPath the path probed until the new process answers (any status below 500)
 * @param healthTimeout how long the new process has to answer before the rollout fails
 */
@ConfigurationProperties("modelship.deploy.local-process")
public record LocalProcessDeployerProperties(
    @DefaultValue("data/local-process") Path root,
    @DefaultValue("/usr/local/bin:/usr/bin:/bin") String path,
    Map<String, String> env,
    @DefaultValue("127.0.0.1") String address,
    @DefaultValue("/") String healthPath,
    @DefaultValue("PT60S") Duration healthTimeout) {

  public LocalProcessDeployerProperties {
    env = env == null ? Map.of() : Map.copyOf(env);
  }
}

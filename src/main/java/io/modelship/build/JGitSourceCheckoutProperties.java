package io.modelship.build;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code modelship.source.*}: how apps' repositories are checked out.
 *
 * @param workspaces the folder that holds one workspace per run, relative to the working directory
 *     unless absolute
 * @param username the user name sent with the token over https ({@code x-access-token} suits
 *     GitHub; Azure DevOps accepts any)
 * @param token a personal access token or app token for https remotes (a secret); none for public
 *     or {@code file://} repositories
 * @param allowedSchemes the URL schemes a repository may have
 * @param timeout the network timeout of one git operation
 */
@ConfigurationProperties("modelship.source")
public record JGitSourceCheckoutProperties(
    @DefaultValue("data/workspaces") Path workspaces,
    @DefaultValue("x-access-token") String username,
    String token,
    @DefaultValue({"https", "file"}) List<String> allowedSchemes,
    @DefaultValue("PT2M") Duration timeout) {}

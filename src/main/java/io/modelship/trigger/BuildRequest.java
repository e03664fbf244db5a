package io.modelship.trigger;

import java.util.regex.Pattern;

/**
 * A request to build one commit of one app.
 *
 * @param app a configured app
 * @param branch the branch the commit is on
 * @param commitSha the full or abbreviated commit SHA, lowercase hex
 * @param startedBy who asks: a user name, {@code webhook:github} or {@code webhook:azure-devops}
 */
public record BuildRequest(String app, String branch, String commitSha, String startedBy) {

  private static final Pattern SHA = Pattern.compile("[0-9a-f]{7,64}");

  public BuildRequest {
    if (commitSha == null || !SHA.matcher(commitSha).matches()) {
      throw new IllegalArgumentException(
          "Expected commitSha to be 7 to 64 lowercase hex digits, but it was '" + commitSha + "'");
    }
  }
}

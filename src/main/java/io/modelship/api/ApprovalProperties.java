package io.modelship.api;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may decide a release's approval, on top of the role {@code release-managers}.
 *
 * @param allowSelfApproval let the user who started a release approve or reject it; false (the
 *     default) keeps four eyes on every release a person started: that person is refused with 403
 */
@ConfigurationProperties("modelship.approvals")
public record ApprovalProperties(@DefaultValue("false") boolean allowSelfApproval) {

  /** The property, as the refusal names it. */
  public static final String ALLOW_SELF_APPROVAL = "modelship.approvals.allow-self-approval";
}

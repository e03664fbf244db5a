package io.modelship.engine.state;

import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/** Deployed form versions, indexed by form id and version. */
public final class Forms extends Records<DeployedForm> {

  private final Map<String, NavigableMap<Integer, Long>> versions = new HashMap<>();

  Forms(Changes changes) {
    super(Table.FORM, changes);
  }

  /** The latest version of a form, or null. */
  public DeployedForm latest(String formId) {
    NavigableMap<Integer, Long> byVersion = versions.get(formId);
    return byVersion == null ? null : get(byVersion.lastEntry().getValue());
  }

  /** The latest version of a form that carries the version tag, or null. */
  public DeployedForm latestTagged(String formId, String versionTag) {
    NavigableMap<Integer, Long> byVersion = versions.get(formId);
    if (byVersion == null) {
      return null;
    }
    for (Long key : byVersion.descendingMap().values()) {
      DeployedForm form = get(key);
      if (versionTag.equals(form.versionTag())) {
        return form;
      }
    }
    return null;
  }

  @Override
  protected void index(DeployedForm form) {
    versions.computeIfAbsent(form.formId(), id -> new TreeMap<>()).put(form.version(), form.key());
  }

  @Override
  protected void unindex(DeployedForm form) {
    NavigableMap<Integer, Long> byVersion = versions.get(form.formId());
    if (byVersion != null) {
      byVersion.remove(form.version(), form.key());
      if (byVersion.isEmpty()) {
        versions.remove(form.formId());
      }
    }
  }
}

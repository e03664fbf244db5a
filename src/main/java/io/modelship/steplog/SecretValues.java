package io.modelship.steplog;

import java.util.Collection;

/**
 * Secret values that a part of Modelship holds (storage keys, SAS tokens, registry passwords,
 * webhook secrets). Every bean of this type adds its values to the {@link SecretMasker} that step
 * logs use, so a part that holds a secret declares it once, next to where it is configured.
 */
@FunctionalInterface
public interface SecretValues {

  /** The secret values; blank or very short ones are ignored. */
  Collection<String> values();
}

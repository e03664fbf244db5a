package io.modelship.engine;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;

/** Present only when the embedded engine runs ({@code modelship.engine.enabled}, default true). */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ConditionalOnProperty(
    prefix = "modelship.engine",
    name = "enabled",
    havingValue = "true",
    matchIfMissing = true)
public @interface ConditionalOnEngine {}

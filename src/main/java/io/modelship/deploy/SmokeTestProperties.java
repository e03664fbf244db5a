package io.modelship.deploy;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The HTTP smoke tester.
 *
 * @param startupTimeout how long failing checks are retried while the app starts, counted from the
 *     first request; after it, each remaining check gets one try
 * @param retryInterval the pause between two tries of a failing check
 * @param requestTimeout the longest one request may take
 */
@ConfigurationProperties("modelship.smoke")
public record SmokeTestProperties(
    @DefaultValue("PT60S") Duration startupTimeout,
    @DefaultValue("PT1S") Duration retryInterval,
    @DefaultValue("PT10S") Duration requestTimeout) {}

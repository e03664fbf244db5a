package io.modelship.steplog;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Chooses the step-log store and builds the secret masker from every declared secret. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({
  StepLogsProperties.class,
  FolderStepLogsProperties.class,
  AzureBlobStepLogsProperties.class
})
class StepLogsConfiguration {

  /** Environment variables whose names say they hold a secret. */
  private static final Pattern SECRET_NAME =
      Pattern.compile(
          ".*(SECRET|PASSWORD|PASSWD|TOKEN|ACCOUNT_KEY|ACCESS_KEY|CONNECTION_STRING|SAS).*");

  @Bean
  SecretMasker secretMasker(
      StepLogsProperties properties,
      AzureBlobStepLogsProperties blob,
      ObjectProvider<SecretValues> declared) {
    List<String> values = new ArrayList<>(properties.maskedValues());
    values.addAll(blob.secrets());
    declared.orderedStream().forEach(source -> values.addAll(source.values()));
    values.addAll(environmentSecrets(System.getenv()));
    return SecretMasker.of(values);
  }

  @Bean
  StepLogs stepLogs(
      StepLogsProperties properties,
      FolderStepLogsProperties folder,
      AzureBlobStepLogsProperties blob,
      SecretMasker masker) {
    return switch (properties.store()) {
      case "folder" -> new FolderStepLogs(folder.root(), masker, Clock.systemUTC());
      case "blob" ->
          new AzureBlobStepLogs(
              blob.containerClient(), masker, Clock.systemUTC(), blob.flushInterval());
      default ->
          throw new IllegalStateException(
              "Expected modelship.step-logs.store to be 'folder' or 'blob', but it was '"
                  + properties.store()
                  + "'");
    };
  }

  static List<String> environmentSecrets(Map<String, String> env) {
    return env.entrySet().stream()
        .filter(e -> SECRET_NAME.matcher(e.getKey().toUpperCase(Locale.ROOT)).matches())
        .map(Map.Entry::getValue)
        .toList();
  }
}

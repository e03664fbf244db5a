package io.modelship.model;

import io.modelship.steplog.SecretMasker;
import io.modelship.steplog.SecretValues;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/** The model stores, one per URI kind, behind the routing {@link ModelStore} that workers use. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({
  ModelCacheProperties.class,
  FileModelStoreProperties.class,
  AzureBlobModelStoreProperties.class,
  S3ModelStoreProperties.class
})
class ModelStoreConfiguration {

  @Bean
  ModelCache modelCache(ModelCacheProperties properties) {
    return new ModelCache(properties.root());
  }

  @Bean
  FileModelStore fileModelStore(FileModelStoreProperties properties, ModelCache cache) {
    return new FileModelStore(properties.root(), cache);
  }

  @Bean
  AzureBlobModelStore azureBlobModelStore(
      AzureBlobModelStoreProperties properties, ModelCache cache, SecretMasker masker) {
    return new AzureBlobModelStore(properties, cache, masker);
  }

  @Bean
  S3ModelStore s3ModelStore(
      S3ModelStoreProperties properties, ModelCache cache, SecretMasker masker) {
    return new S3ModelStore(properties, cache, masker);
  }

  @Bean
  @Primary
  RoutingModelStore modelStore(
      AzureBlobModelStore azureBlob, S3ModelStore s3, FileModelStore file) {
    return new RoutingModelStore(azureBlob, s3, file);
  }

  /** The {@code modelStore} health contributor, part of readiness. */
  @Bean
  ModelStoreHealthIndicator modelStoreHealthIndicator(
      ModelCacheProperties cache, FileModelStoreProperties file) {
    return new ModelStoreHealthIndicator(cache, file);
  }

  /** The model stores' secrets, for masking in step logs. */
  @Bean
  SecretValues modelStoreSecrets(AzureBlobModelStoreProperties azure, S3ModelStoreProperties s3) {
    return () -> {
      List<String> values = new ArrayList<>();
      values.add(azure.connectionString());
      values.add(azure.sasToken());
      values.add(s3.secretAccessKey());
      if (azure.connectionString() != null) {
        for (String part : azure.connectionString().split(";")) {
          if (part.strip().toLowerCase(java.util.Locale.ROOT).startsWith("accountkey=")) {
            values.add(part.substring(part.indexOf('=') + 1));
          }
        }
      }
      return values.stream().filter(v -> v != null && !v.isBlank()).toList();
    };
  }
}

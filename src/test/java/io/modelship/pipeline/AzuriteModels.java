package io.modelship.pipeline;

import io.modelship.model.AzureBlobModelStore;
import io.modelship.model.AzureBlobModelStoreProperties;
import io.modelship.model.FetchedModel;
import io.modelship.model.ModelCache;
import io.modelship.model.ModelStore;
import io.modelship.servers.AzuriteServer;
import io.modelship.steplog.SecretMasker;
import io.modelship.steplog.StepLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.util.unit.DataSize;

/**
 * The process tests' model store with {@code azblob://} models in Azurite: those go to the real
 * {@link AzureBlobModelStore} against the test's Azurite, the rest to {@link TestSteps}' folder.
 */
@TestConfiguration(proxyBeanMethods = false)
class AzuriteModels {

  static final AzuriteServer AZURITE = new AzuriteServer();

  @Bean
  static BeanPostProcessor azureModelsBesideTheFolder() {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessAfterInitialization(Object bean, String name) {
        return name.equals("testModelStore") ? new Routing((ModelStore) bean) : bean;
      }
    };
  }

  /** Azure URIs to Azurite (started on first use), everything else to the folder. */
  static final class Routing implements ModelStore {
    private final ModelStore folder;
    private AzureBlobModelStore azure;

    Routing(ModelStore folder) {
      this.folder = folder;
    }

    @Override
    public FetchedModel fetch(String uri, String expectedSha256, StepLog log) {
      return uri.startsWith("azblob:") || uri.startsWith("https:")
          ? azure().fetch(uri, expectedSha256, log)
          : folder.fetch(uri, expectedSha256, log);
    }

    private synchronized AzureBlobModelStore azure() {
      if (azure == null) {
        try {
          azure =
              new AzureBlobModelStore(
                  new AzureBlobModelStoreProperties(
                      AZURITE.endpointTemplate(),
                      AZURITE.connectionString(),
                      null,
                      DataSize.ofKilobytes(256),
                      4,
                      2,
                      Duration.ofSeconds(30)),
                  new ModelCache(Files.createTempDirectory("azurite-models-")),
                  SecretMasker.of(List.of(AzuriteServer.ACCOUNT_KEY)));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return azure;
    }
  }
}

package io.modelship.model;

import io.modelship.steplog.StepLog;

/**
 * The {@link ModelStore} that workers call: it checks the URI and hands it to the adapter for its
 * kind.
 */
public final class RoutingModelStore implements ModelStore {

  private final ModelStore azureBlob;
  private final ModelStore s3;
  private final ModelStore file;

  public RoutingModelStore(ModelStore azureBlob, ModelStore s3, ModelStore file) {
    this.azureBlob = azureBlob;
    this.s3 = s3;
    this.file = file;
  }

  @Override
  public FetchedModel fetch(String uri, String expectedSha256, StepLog log) {
    ModelStore store =
        switch (ModelLocation.parse(uri).kind()) {
          case AZURE_BLOB -> azureBlob;
          case S3 -> s3;
          case FILE -> file;
        };
    return store.fetch(uri, expectedSha256, log);
  }
}

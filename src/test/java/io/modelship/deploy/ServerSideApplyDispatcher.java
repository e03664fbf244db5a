package io.modelship.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * fabric8's CRUD mock extended with what it lacks for server-side apply: a {@code PATCH} with
 * {@code application/apply-patch+yaml} becomes an upsert (create, or replace the object keeping its
 * status), and {@code metadata.generation} is set as the API server would (1 on create, +1 when the
 * spec changes). Every apply is recorded with its field manager and force flag, so tests can assert
 * what the shipped code sent. It can also answer the next applies with 409 Conflict.
 */
final class ServerSideApplyDispatcher extends KubernetesCrudDispatcher {

  /** One server-side apply as received. */
  record Apply(String path, String fieldManager, String force, String contentType) {}

  final List<Apply> applies = new CopyOnWriteArrayList<>();
  final AtomicInteger conflictsToAnswer = new AtomicInteger();

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String contentType = Objects.toString(request.getHeader("Content-Type"), "");
    if ("PATCH".equals(request.getMethod())
        && contentType.startsWith("application/apply-patch+yaml")) {
      return apply(request, contentType);
    }
    return super.dispatch(request);
  }

  private MockResponse apply(RecordedRequest request, String contentType) {
    String[] pathAndQuery = request.getPath().split("\\?", 2);
    String path = pathAndQuery[0];
    Map<String, String> query = query(pathAndQuery.length > 1 ? pathAndQuery[1] : "");
    applies.add(new Apply(path, query.get("fieldManager"), query.get("force"), contentType));
    if (conflictsToAnswer.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      return new MockResponse()
          .setResponseCode(409)
          .setBody(
              "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                  + "\"reason\":\"Conflict\",\"code\":409,\"message\":\"conflict\"}");
    }
    GenericKubernetesResource applied =
        Serialization.unmarshal(request.getUtf8Body(), GenericKubernetesResource.class);
    MockResponse existingResponse = handleGet(path);
    if (existingResponse.code() == 404) {
      applied.getMetadata().setGeneration(1L);
      String collection = path.substring(0, path.lastIndexOf('/'));
      return handleCreate(json(HttpMethod.POST, collection, applied));
    }
    GenericKubernetesResource existing =
        Serialization.unmarshal(
            existingResponse.getBody().readUtf8(), GenericKubernetesResource.class);
    Object oldSpec = existing.getAdditionalProperties().get("spec");
    Object newSpec = applied.getAdditionalProperties().get("spec");
    long generation =
        existing.getMetadata().getGeneration() == null ? 1 : existing.getMetadata().getGeneration();
    applied
        .getMetadata()
        .setGeneration(Objects.equals(oldSpec, newSpec) ? generation : generation + 1);
    applied.getMetadata().setUid(existing.getMetadata().getUid());
    applied.getMetadata().setCreationTimestamp(existing.getMetadata().getCreationTimestamp());
    if (existing.getAdditionalProperties().containsKey("status")) {
      applied
          .getAdditionalProperties()
          .put("status", existing.getAdditionalProperties().get("status"));
    }
    return handleUpdate(json(HttpMethod.PUT, path, applied));
  }

  private static RecordedRequest json(
      HttpMethod method, String path, GenericKubernetesResource body) {
    byte[] bytes = Serialization.asJson(body).getBytes(StandardCharsets.UTF_8);
    return new RecordedRequest(
        "HTTP/1.1",
        method,
        path,
        Headers.builder().add("Content-Type", "application/json").build(),
        new Buffer(bytes));
  }

  private static Map<String, String> query(String query) {
    Map<String, String> values = new HashMap<>();
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        values.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return values;
  }
}

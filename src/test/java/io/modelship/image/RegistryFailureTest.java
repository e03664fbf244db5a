package io.modelship.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.modelship.servers.RegistryServerTls;
import io.modelship.step.TransientStepException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A registry that answers 5xx or 429 (throttling): both the builder and the publisher retry. */
class RegistryFailureTest {

  @TempDir Path dir;
  private HttpsServer registry;
  private volatile int status;
  private final AtomicInteger requests = new AtomicInteger();
  private final List<String> log = new ArrayList<>();

  @BeforeEach
  void startFailingRegistry() throws Exception {
    registry = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    registry.setHttpsConfigurator(
        new HttpsConfigurator(RegistryServerTls.selfSigned(dir).serverContext()));
    registry.createContext(
        "/",
        exchange -> {
          requests.incrementAndGet();
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          byte[] body = "{\"errors\":[{\"code\":\"UNAVAILABLE\"}]}".getBytes();
          exchange.sendResponseHeaders(status, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    registry.start();
  }

  @AfterEach
  void stopFailingRegistry() {
    registry.stop(0);
  }

  @ParameterizedTest
  @ValueSource(ints = {503, 429})
  void shouldCallAFailingRegistryTransientWhenPublishing(int answer) {
    // given
    status = answer;
    RegistryProperties properties = properties();
    BuiltImage image =
        new BuiltImage(
            properties.repository("model-api"), "run-1", "sha256:" + "a".repeat(64), null);

    // when / then
    assertThatThrownBy(
            () ->
                new OciRegistryPublisher(properties, name -> "pw")
                    .publish(image, List.of("build-1"), log::add))
        .isInstanceOf(TransientStepException.class)
        .hasMessageContaining(Integer.toString(answer));
  }

  @ParameterizedTest
  @ValueSource(ints = {503, 429})
  void shouldCallAFailingRegistryTransientWhenBuilding(int answer) throws Exception {
    // given
    status = answer;
    RegistryProperties properties = properties();
    Path workspace = TestImages.app(dir.resolve("ws"), "1");
    Path model = TestImages.model(dir.resolve("run/model.bin"), 1_000, 1);
    JibImageBuilder builder =
        new JibImageBuilder(
            properties,
            new JibImageBuilderProperties(dir.resolve("cache"), dir.resolve("images")),
            name -> "pw");

    // when / then
    assertThatThrownBy(
            () ->
                builder.build(
                    TestImages.request(
                        "f1",
                        workspace,
                        TestImages.config(properties.host() + "/base/busybox:1"),
                        model),
                    log::add))
        .isInstanceOf(TransientStepException.class);
    assertThat(requests.get()).isPositive();
  }

  private RegistryProperties properties() {
    return new RegistryProperties(
        "127.0.0.1:" + registry.getAddress().getPort(), "", "u", null, "PW", true);
  }
}

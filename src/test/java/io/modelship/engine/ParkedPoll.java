package io.modelship.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * An activation request sent by hand over a raw socket, so a test controls its connection: it is
 * returned once the engine holds it open (its first keep-alive byte; the response is committed only
 * for a poll that waits).
 */
final class ParkedPoll implements AutoCloseable {

  private final Socket socket;

  private ParkedPoll(Socket socket) {
    this.socket = socket;
  }

  static ParkedPoll open(int port, String type, long requestTimeoutMillis) throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(10_000);
    String body =
        "{\"type\":\"%s\",\"maxJobsToActivate\":32,\"timeout\":300000,\"requestTimeout\":%d}"
            .formatted(type, requestTimeoutMillis);
    String request =
        "POST /v2/jobs/activation HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + "Content-Type: application/json\r\nContent-Length: %d\r\n\r\n%s"
                .formatted(body.getBytes(StandardCharsets.UTF_8).length, body);
    OutputStream out = socket.getOutputStream();
    out.write(request.getBytes(StandardCharsets.UTF_8));
    out.flush();
    InputStream in = socket.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      assertThat(b).as("the engine's answer to a waiting poll").isNotNegative();
      head.append((char) b);
    }
    assertThat(head.toString()).startsWith("HTTP/1.1 200");
    // Chunked: the first chunk holds the keep-alive space.
    String chunk = "";
    while (!chunk.endsWith("\r\n ")) {
      chunk += (char) in.read();
    }
    return new ParkedPoll(socket);
  }

  Socket socket() {
    return socket;
  }

  /** The rest of the answer (chunk framing included) until the engine closes the connection. */
  String readToEnd(int timeoutMillis) throws IOException {
    socket.setSoTimeout(timeoutMillis);
    ByteArrayOutputStream rest = new ByteArrayOutputStream();
    socket.getInputStream().transferTo(rest);
    return rest.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}

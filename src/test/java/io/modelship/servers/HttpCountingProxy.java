package io.modelship.servers;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP/1.1 proxy in front of a real server that records every exchange: method, path,
 * status and the bytes of the response body it relayed. Tests point a client's endpoint at it to
 * count what really crossed the wire. It can also answer the next requests itself with an error
 * status, to show how a step treats a server in trouble.
 */
public final class HttpCountingProxy implements AutoCloseable {

  /** One relayed request and its answer. */
  public record Exchange(String method, String path, int status, long responseBodyBytes) {}

  private final int upstreamPort;
  private final ServerSocket server;
  private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private volatile int failureStatus;

  public HttpCountingProxy(int upstreamPort) throws IOException {
    this.upstreamPort = upstreamPort;
    this.server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    Thread acceptor = new Thread(this::accept, "counting-proxy-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  public List<Exchange> exchanges() {
    return List.copyOf(exchanges);
  }

  public void reset() {
    exchanges.clear();
  }

  /** Bytes of response bodies to requests of {@code method}. */
  public long responseBodyBytes(String method) {
    return exchanges.stream()
        .filter(e -> e.method().equals(method))
        .mapToLong(Exchange::responseBodyBytes)
        .sum();
  }

  public long count(String method) {
    return exchanges.stream().filter(e -> e.method().equals(method)).count();
  }

  /** Answers the next {@code count} requests with {@code status} instead of relaying them. */
  public void failNext(int count, int status) {
    failureStatus = status;
    failuresLeft.set(count);
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket socket : sockets) {
      socket.close();
    }
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        sockets.add(client);
        Thread relay = new Thread(() -> relay(client), "counting-proxy-relay");
        relay.setDaemon(true);
        relay.start();
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void relay(Socket client) {
    try (client;
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort)) {
      sockets.add(upstream);
      InputStream fromClient = client.getInputStream();
      // Buffered, so that an answer's last bytes leave only at the flush after it is recorded.
      OutputStream toClient = new BufferedOutputStream(client.getOutputStream(), 1 << 17);
      InputStream fromServer = upstream.getInputStream();
      OutputStream toServer = upstream.getOutputStream();
      while (true) {
        Head request = Head.read(fromClient);
        if (request == null) {
          return;
        }
        String[] line = request.firstLine().split(" ");
        String method = line[0];
        if (failuresLeft.getAndDecrement() > 0) {
          skipBody(request, fromClient);
          byte[] body = ("<Error><Code>ServerBusy</Code></Error>").getBytes(StandardCharsets.UTF_8);
          toClient.write(
              ("HTTP/1.1 "
                      + failureStatus
                      + " Injected\r\nContent-Type: application/xml\r\nContent-Length: "
                      + body.length
                      + "\r\n\r\n")
                  .getBytes(StandardCharsets.ISO_8859_1));
          if (!method.equals("HEAD")) {
            toClient.write(body);
          }
          // Record before the last flush: the client cannot finish reading the answer, and the
          // test cannot look at the exchanges, until the flush hands over the final bytes.
          exchanges.add(new Exchange(method, line[1], failureStatus, 0));
          toClient.flush();
          continue;
        }
        toServer.write(request.bytes());
        copyBody(request, fromClient, toServer, false);
        toServer.flush();
        Head response = Head.read(fromServer);
        if (response == null) {
          return;
        }
        int status = Integer.parseInt(response.firstLine().split(" ")[1]);
        toClient.write(response.bytes());
        long body =
            method.equals("HEAD") || status == 204 || status == 304 || status / 100 == 1
                ? 0
                : copyBody(response, fromServer, toClient, true);
        exchanges.add(new Exchange(method, line[1], status, body));
        toClient.flush();
      }
    } catch (IOException e) {
      // a client or server closing its connection ends the relay
    }
  }

  private static void skipBody(Head head, InputStream in) throws IOException {
    copyBody(head, in, OutputStream.nullOutputStream(), false);
  }

  /** Copies one message body framed by Content-Length or chunked encoding; returns its bytes. */
  private static long copyBody(Head head, InputStream in, OutputStream out, boolean response)
      throws IOException {
    String chunked = head.header("transfer-encoding");
    if (chunked != null && chunked.toLowerCase(Locale.ROOT).contains("chunked")) {
      return copyChunked(in, out);
    }
    String length = head.header("content-length");
    if (length != null) {
      return copyExactly(in, out, Long.parseLong(length.strip()));
    }
    return response ? in.transferTo(out) : 0;
  }

  private static long copyChunked(InputStream in, OutputStream out) throws IOException {
    long total = 0;
    while (true) {
      String sizeLine = readLine(in);
      out.write((sizeLine + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      int semicolon = sizeLine.indexOf(';');
      long size =
          Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).strip(), 16);
      if (size == 0) {
        for (String trailer = readLine(in); ; trailer = readLine(in)) {
          out.write((trailer + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
          if (trailer.isEmpty()) {
            return total;
          }
        }
      }
      total += copyExactly(in, out, size);
      out.write((readLine(in) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }
  }

  private static long copyExactly(InputStream in, OutputStream out, long count) throws IOException {
    byte[] buffer = new byte[1 << 16];
    long left = count;
    while (left > 0) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) {
        throw new IOException("connection closed mid-body");
      }
      out.write(buffer, 0, n);
      left -= n;
    }
    return count;
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int c = in.read(); c >= 0; c = in.read()) {
      if (c == '\n') {
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
      }
      line.write(c);
    }
    throw new IOException("connection closed mid-line");
  }

  /** A request or response head: the first line and the headers, as bytes and parsed. */
  private record Head(byte[] bytes, String firstLine, List<String[]> headers) {

    static Head read(InputStream in) throws IOException {
      ByteArrayOutputStream raw = new ByteArrayOutputStream();
      int matched = 0;
      byte[] end = {'\r', '\n', '\r', '\n'};
      for (int c = in.read(); c >= 0; c = in.read()) {
        raw.write(c);
        matched = c == end[matched] ? matched + 1 : (c == '\r' ? 1 : 0);
        if (matched == 4) {
          String text = raw.toString(StandardCharsets.ISO_8859_1);
          String[] lines = text.split("\r\n");
          List<String[]> headers = new ArrayList<>();
          for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
              headers.add(
                  new String[] {
                    lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).strip()
                  });
            }
          }
          return new Head(raw.toByteArray(), lines[0], headers);
        }
      }
      return null;
    }

    String header(String name) {
      for (String[] header : headers) {
        if (header[0].equals(name)) {
          return header[1];
        }
      }
      return null;
    }
  }
}

package io.modelship.servers;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP proxy in front of the registry that counts the bytes clients send through it (TLS
 * records included): the bytes uploaded on the wire. It can be taken down and brought back on the
 * same port ({@link #down()}, {@link #up()}), so that clients see what a stopped registry gives
 * them: open connections reset, new ones refused.
 */
final class RegistryServerProxy implements AutoCloseable {

  private volatile ServerSocket listener;
  private final int port;
  private final int upstreamPort;
  private final AtomicLong bytesUp = new AtomicLong();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  RegistryServerProxy(int upstreamPort) throws IOException {
    this.upstreamPort = upstreamPort;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.port = listener.getLocalPort();
    startAccepting(listener);
  }

  private void startAccepting(ServerSocket socket) {
    Thread acceptor = new Thread(() -> accept(socket), "registry-proxy-" + port);
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return port;
  }

  /** Stops listening (new connections are refused) and resets every open connection. */
  synchronized void down() {
    ServerSocket current = listener;
    listener = null;
    if (current != null) {
      try {
        current.close();
      } catch (IOException ignored) {
        // Already closed.
      }
    }
    open.forEach(RegistryServerProxy::closeQuietly);
  }

  /** Listens again on the same port. */
  synchronized void up() throws IOException {
    if (listener != null || closed) {
      return;
    }
    ServerSocket socket = new ServerSocket();
    socket.setReuseAddress(true);
    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
    listener = socket;
    startAccepting(socket);
  }

  long bytesUp() {
    return bytesUp.get();
  }

  void reset() {
    bytesUp.set(0);
  }

  private void accept(ServerSocket socket) {
    while (!closed && !socket.isClosed()) {
      Socket client;
      try {
        client = socket.accept();
      } catch (IOException e) {
        continue; // closed, or a failed accept: the loop condition decides.
      }
      try {
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
        open.add(client);
        open.add(upstream);
        AtomicInteger finished = new AtomicInteger();
        pump(client, upstream, true, finished);
        pump(upstream, client, false, finished);
      } catch (IOException e) {
        // The registry is not listening (yet): the client sees its connection closed.
        closeQuietly(client);
      }
    }
  }

  /** Copies one direction; half-closes on end of stream, closes both sockets when both ended. */
  private void pump(Socket from, Socket to, boolean upstream, AtomicInteger finished) {
    Thread t =
        new Thread(
            () -> {
              byte[] buffer = new byte[64 * 1024];
              boolean clean = false;
              try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buffer)) >= 0) {
                  if (upstream) {
                    bytesUp.addAndGet(n);
                  }
                  out.write(buffer, 0, n);
                }
                to.shutdownOutput();
                clean = true;
              } catch (IOException e) {
                // One side went away: end the connection.
              } finally {
                if (!clean || finished.incrementAndGet() == 2) {
                  closeQuietly(from);
                  closeQuietly(to);
                  open.remove(from);
                  open.remove(to);
                }
              }
            },
            "registry-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // Already closed.
    }
  }

  @Override
  public void close() {
    closed = true;
    down();
  }
}

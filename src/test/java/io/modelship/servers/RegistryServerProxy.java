package io.modelship.servers;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP proxy in front of the registry that counts the bytes clients send through it (TLS
 * records included): the bytes uploaded on the wire.
 */
final class RegistryServerProxy implements AutoCloseable {

  private final ServerSocket listener;
  private final int upstreamPort;
  private final AtomicLong bytesUp = new AtomicLong();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  RegistryServerProxy(int upstreamPort) throws IOException {
    this.upstreamPort = upstreamPort;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "registry-proxy-" + listener.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return listener.getLocalPort();
  }

  long bytesUp() {
    return bytesUp.get();
  }

  void reset() {
    bytesUp.set(0);
  }

  private void accept() {
    while (!closed) {
      Socket client;
      try {
        client = listener.accept();
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
    try {
      listener.close();
    } catch (IOException ignored) {
      // Already closed.
    }
    open.forEach(RegistryServerProxy::closeQuietly);
  }
}

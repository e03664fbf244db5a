package io.modelship.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free TCP ports on the loopback address, for the servers the tests start. */
public final class FreePorts {

  private FreePorts() {}

  /** A port free on the loopback address now (something else may take it before it is bound). */
  public static int loopback() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("Expected a free loopback port, but " + e.getMessage(), e);
    }
  }
}

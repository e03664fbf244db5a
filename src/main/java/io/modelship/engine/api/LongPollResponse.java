package io.modelship.engine.api;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The HTTP side of one job activation request held open (long poll), written by hand so that the
 * engine learns when its client has gone. Tomcat does not report a closed connection while a
 * request waits, so a waiting poll sends a space now and then (JSON allows leading whitespace):
 * once the client has gone the write fails, and the poll leaves the engine. The answer reports
 * whether its write succeeded, so jobs that could not be sent are handed back rather than left to
 * their timeout.
 */
final class LongPollResponse implements AsyncListener {

  private static final byte[] SPACE = {' '};

  private final AsyncContext async;
  private boolean open = true;

  LongPollResponse(AsyncContext async) {
    this.async = async;
    async.addListener(this);
  }

  /** Sends a space; false when the client is gone (or the poll already answered). */
  synchronized boolean keepAlive() {
    return open && write(SPACE, false);
  }

  /**
   * Sends the answer and ends the request; false when it could not be sent. A space is sent and
   * flushed first: the first write to a connection whose client has gone still succeeds (the peer
   * answers it with a reset), so this probe makes a departed client fail the write of the answer
   * itself.
   */
  synchronized boolean answer(byte[] json) {
    return open && write(SPACE, false) && write(json, true);
  }

  /** Ends the request with a problem (when nothing was sent yet) after the engine refused it. */
  synchronized void fail(int status, byte[] problem) {
    if (!open) {
      return;
    }
    HttpServletResponse response = (HttpServletResponse) async.getResponse();
    if (!response.isCommitted()) {
      response.setStatus(status);
      response.setContentType("application/problem+json");
      write(problem, true);
    } else {
      close();
    }
  }

  private boolean write(byte[] bytes, boolean last) {
    try {
      HttpServletResponse response = (HttpServletResponse) async.getResponse();
      if (!response.isCommitted() && response.getContentType() == null) {
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("application/json");
      }
      var out = response.getOutputStream();
      out.write(bytes);
      out.flush();
      if (last) {
        close();
      }
      return true;
    } catch (IOException | IllegalStateException e) {
      close();
      return false;
    }
  }

  private void close() {
    if (open) {
      open = false;
      try {
        async.complete();
      } catch (IllegalStateException alreadyEnded) {
        // The container ended the request itself (its timeout or an I/O error).
      }
    }
  }

  @Override
  public synchronized void onTimeout(AsyncEvent event) {
    close();
  }

  @Override
  public synchronized void onError(AsyncEvent event) {
    close();
  }

  @Override
  public void onComplete(AsyncEvent event) {}

  @Override
  public void onStartAsync(AsyncEvent event) {}
}

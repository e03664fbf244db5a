package io.modelship.engine;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * A request whose body may be read only up to a limit, counted while it is read: so a chunked body,
 * which declares no length up front, cannot get past the limit either. Reading past it fails with
 * {@link TooLargeException}, which the engine's problem handling answers with 413.
 */
public final class BodySizeLimit extends HttpServletRequestWrapper {

  /** The body went past the limit while being read. */
  public static final class TooLargeException extends IOException {
    TooLargeException(long limit) {
      super("Expected a request body of at most %d bytes, but it is larger".formatted(limit));
    }
  }

  private final long limit;
  private ServletInputStream stream;

  BodySizeLimit(HttpServletRequest request, long limit) {
    super(request);
    this.limit = limit;
  }

  @Override
  public ServletInputStream getInputStream() throws IOException {
    if (stream == null) {
      stream = new Counting(super.getInputStream(), limit);
    }
    return stream;
  }

  @Override
  public BufferedReader getReader() throws IOException {
    String encoding = getCharacterEncoding();
    Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
    return new BufferedReader(new InputStreamReader(getInputStream(), charset));
  }

  private static final class Counting extends ServletInputStream {

    private final ServletInputStream in;
    private final long limit;
    private long read;

    Counting(ServletInputStream in, long limit) {
      this.in = in;
      this.limit = limit;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = in.read(buffer, offset, length);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(int n) throws TooLargeException {
      read += n;
      if (read > limit) {
        throw new TooLargeException(limit);
      }
    }

    @Override
    public boolean isFinished() {
      return in.isFinished();
    }

    @Override
    public boolean isReady() {
      return in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      in.setReadListener(listener);
    }
  }
}

package io.floe.it;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * A servlet filter in front of Iceberg's REST catalog servlet that lets table commits ({@code POST
 * /v1/namespaces/{ns}/tables/{table}}) apply and then loses their answer: a 500, or no answer
 * before the client's socket timeout. While a fault is armed every commit request gets it (retries
 * with the same idempotency key included), so the client's own retries cannot hide it.
 */
final class RestCommitFaults implements Filter {
  private static final Pattern COMMIT = Pattern.compile(".*/v1/namespaces/[^/]+/tables/[^/]+/?");

  /** What the server does after applying a commit. */
  enum Fault {
    HTTP_500,
    TIMEOUT
  }

  private final Duration timeout;
  private final AtomicReference<Fault> armed = new AtomicReference<>();
  private final AtomicLong injected = new AtomicLong();

  /**
   * @param timeout how long {@link Fault#TIMEOUT} holds the answer back (longer than the client's
   *     socket timeout)
   */
  RestCommitFaults(Duration timeout) {
    this.timeout = timeout;
  }

  void arm(Fault fault) {
    armed.set(fault);
  }

  void disarm() {
    armed.set(null);
  }

  long injected() {
    return injected.get();
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse resp, FilterChain chain)
      throws IOException, ServletException {
    Fault fault = armed.get();
    HttpServletRequest request = (HttpServletRequest) req;
    if (fault == null
        || !"POST".equals(request.getMethod())
        || !COMMIT.matcher(request.getRequestURI()).matches()) {
      chain.doFilter(req, resp);
      return;
    }
    HttpServletResponse response = (HttpServletResponse) resp;
    Captured captured = new Captured(response);
    chain.doFilter(req, captured); // the catalog applies the commit; its answer stays here
    injected.incrementAndGet();
    if (fault == Fault.TIMEOUT) {
      try {
        Thread.sleep(timeout.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    response.reset();
    response.setStatus(500);
    response.setContentType("application/json");
    response
        .getOutputStream()
        .write(
            ("{\"error\":{\"message\":\"Injected: the commit was applied, then the server "
                    + "failed\",\"type\":\"ServerError\",\"code\":500}}")
                .getBytes(StandardCharsets.UTF_8));
  }

  /** Keeps what the servlet writes instead of sending it. */
  private static final class Captured extends HttpServletResponseWrapper {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    Captured(HttpServletResponse response) {
      super(response);
    }

    @Override
    public ServletOutputStream getOutputStream() {
      return new ServletOutputStream() {
        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setWriteListener(WriteListener listener) {}

        @Override
        public void write(int b) {
          bytes.write(b);
        }
      };
    }

    @Override
    public PrintWriter getWriter() {
      return new PrintWriter(bytes, true, StandardCharsets.UTF_8);
    }

    @Override
    public void flushBuffer() {}
  }
}

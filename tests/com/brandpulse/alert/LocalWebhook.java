package com.brandpulse.alert;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP endpoint on 127.0.0.1 (a free port) that keeps every request it gets and answers {@link
 * #status}.
 */
public final class LocalWebhook implements AutoCloseable {
  /**
   * One request: path, headers (names as the JDK server normalises them: "X-brandpulse-signature")
   * and body.
   */
  public record Received(String path, Map<String, List<String>> headers, byte[] body) {
    public String header(String name) {
      List<String> values =
          headers.get(name.substring(0, 1).toUpperCase() + name.substring(1).toLowerCase());
      return values == null ? null : values.get(0);
    }
  }

  public final AtomicInteger status = new AtomicInteger(204);
  private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
  private final HttpServer server;

  public LocalWebhook() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          received.add(
              new Received(
                  exchange.getRequestURI().getPath(),
                  Map.copyOf(exchange.getRequestHeaders()),
                  exchange.getRequestBody().readAllBytes()));
          exchange.sendResponseHeaders(status.get(), -1);
          exchange.close();
        });
    server.start();
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  @Override
  public void close() {
    server.stop(0);
  }

  /** A port on 127.0.0.1 that nothing listens on (bound, then closed). */
  public static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}

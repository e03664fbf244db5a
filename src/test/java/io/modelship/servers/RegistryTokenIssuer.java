package io.modelship.servers;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A small token issuer for the registry's token auth, the flow Azure Container Registry uses: the
 * registry answers 401 with {@code WWW-Authenticate: Bearer realm=...,service=...,scope=...}; the
 * client asks this realm for a token with its basic credentials and gets a JWT (RS256, the
 * certificate in {@code x5c}) granting the requested repository actions, which the registry checks
 * against its {@code rootcertbundle}.
 *
 * <p>Serves HTTPS on 127.0.0.1 with the registry's self-signed certificate: clients such as Jib
 * send credentials only over TLS.
 */
public final class RegistryTokenIssuer implements AutoCloseable {

  static final String SERVICE = "modelship-test-registry";
  static final String ISSUER = "modelship-test-issuer";
  private static final Pattern SCOPE =
      Pattern.compile(
          "repository:([a-z0-9._/-]+):((?:pull|push|delete|\\*)(?:,(?:pull|push|delete|\\*))*)");

  private final RegistryServerTls tls;
  private final String username;
  private final String password;
  private final AtomicInteger issued = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();
  private HttpsServer server;

  RegistryTokenIssuer(RegistryServerTls tls, String username, String password) {
    this.tls = tls;
    this.username = username;
    this.password = password;
  }

  void start() throws IOException {
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls.serverContext()));
    server.createContext("/token", this::handle);
    server.start();
  }

  /** The realm the registry names in its challenge. */
  public String realm() {
    return "https://127.0.0.1:" + server.getAddress().getPort() + "/token";
  }

  /** Tokens issued so far. */
  public int tokensIssued() {
    return issued.get();
  }

  /** Token requests refused for wrong or missing credentials so far. */
  public int requestsRefused() {
    return refused.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String query = exchange.getRequestURI().getRawQuery();
      String form = "";
      if ("POST".equals(exchange.getRequestMethod())) {
        // The OAuth2 password grant some clients use: credentials and scope in a form body.
        form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      }
      List<String> scopes = new ArrayList<>(params(query, "scope"));
      scopes.addAll(params(form, "scope"));
      boolean authorized =
          basicCredentialsMatch(exchange.getRequestHeaders().getFirst("Authorization"))
              || (params(form, "username").contains(username)
                  && params(form, "password").contains(password));
      if (!authorized) {
        refused.incrementAndGet();
        byte[] body =
            "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"wrong credentials\"}]}"
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(401, body.length);
        exchange.getResponseBody().write(body);
        return;
      }
      String token = token(scopes);
      issued.incrementAndGet();
      byte[] body =
          ("{\"token\":\"" + token + "\",\"access_token\":\"" + token + "\",\"expires_in\":300}")
              .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
    }
  }

  private boolean basicCredentialsMatch(String header) {
    if (header == null || !header.startsWith("Basic ")) {
      return false;
    }
    String decoded =
        new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
    return decoded.equals(username + ":" + password);
  }

  private String token(List<String> scopes) {
    Set<String> access = new LinkedHashSet<>();
    for (String scope : scopes) {
      var m = SCOPE.matcher(scope);
      if (m.matches()) {
        StringBuilder actions = new StringBuilder();
        for (String action : m.group(2).split(",")) {
          actions.append(actions.length() == 0 ? "" : ",").append('"').append(action).append('"');
        }
        access.add(
            "{\"type\":\"repository\",\"name\":\""
                + m.group(1)
                + "\",\"actions\":["
                + actions
                + "]}");
      }
    }
    long now = System.currentTimeMillis() / 1000;
    String header;
    try {
      header =
          "{\"typ\":\"JWT\",\"alg\":\"RS256\",\"x5c\":[\""
              + Base64.getEncoder().encodeToString(tls.x509().getEncoded())
              + "\"]}";
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
    String claims =
        "{\"iss\":\""
            + ISSUER
            + "\",\"sub\":\""
            + username
            + "\",\"aud\":\""
            + SERVICE
            + "\",\"exp\":"
            + (now + 300)
            + ",\"nbf\":"
            + (now - 30)
            + ",\"iat\":"
            + now
            + ",\"jti\":\""
            + UUID.randomUUID()
            + "\",\"access\":["
            + String.join(",", access)
            + "]}";
    String signingInput = base64Url(header) + "." + base64Url(claims);
    try {
      Signature rs256 = Signature.getInstance("SHA256withRSA");
      rs256.initSign(tls.key());
      rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput
          + "."
          + Base64.getUrlEncoder().withoutPadding().encodeToString(rs256.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Expected to sign a token, but " + e, e);
    }
  }

  private static String base64Url(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> params(String query, String name) {
    List<String> values = new ArrayList<>();
    if (query == null || query.isEmpty()) {
      return values;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
        values.add(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return values;
  }

  @Override
  public void close() {
    if (server != null) {
      server.stop(0);
      server = null;
    }
  }
}

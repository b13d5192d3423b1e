package com.brandpulse.alert;

import com.brandpulse.alert.Routes.Recipient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.function.UnaryOperator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * JSON over HTTP POST to any endpoint (Slack, Teams, an incident tool). Headers: {@code
 * X-BrandPulse-Signature: sha256=<hex HMAC-SHA256 of the body>} keyed by the secret in the
 * webhook's {@code secret-env} variable, {@code X-BrandPulse-Timestamp} (Unix seconds, also {@code
 * sent_at} in the body) and {@code X-BrandPulse-Delivery} (the message id: the same message resent
 * after a crash carries the same id, so a receiver can drop it). Redirects are not followed; any
 * 2xx is accepted; any other answer fails the webhook for the rest of the run.
 */
public final class WebhookChannel implements Channel {
  public static final String SIGNATURE = "X-BrandPulse-Signature";
  public static final String TIMESTAMP = "X-BrandPulse-Timestamp";
  public static final String DELIVERY = "X-BrandPulse-Delivery";

  private final AlertSettings settings;
  private final MessageText text;
  private final UnaryOperator<String> secrets;
  private final HttpClient http;

  /**
   * {@code secrets} reads an environment variable, failing with a clear message when it is unset.
   */
  public WebhookChannel(AlertSettings settings, MessageText text, UnaryOperator<String> secrets) {
    this.settings = settings;
    this.text = text;
    this.secrets = secrets;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(settings.webhook().connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  @Override
  public String endpoint(Recipient recipient) {
    return "webhook " + recipient.label();
  }

  @Override
  public void send(AlertMessage message, Instant sentAt) throws DeliveryException {
    Recipient r = message.recipient();
    String url;
    String secret;
    try {
      url =
          r.address() != null
              ? r.address()
              : Routes.checkedUrl(secrets.apply(r.urlEnv()), r.label());
      secret = r.secretEnv().isEmpty() ? null : secrets.apply(r.secretEnv());
    } catch (RuntimeException e) {
      throw new DeliveryException(e.getMessage(), true, e);
    }
    byte[] body = WebhookPayload.json(message, text, settings, sentAt);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            // HTTP/1.1: the JDK's default would offer a cleartext HTTP/2 upgrade with the POST,
            // which some receivers refuse.
            .version(HttpClient.Version.HTTP_1_1)
            .timeout(settings.webhook().timeout())
            .header("Content-Type", "application/json; charset=utf-8")
            .header("User-Agent", "BrandPulse-alert/1")
            .header(TIMESTAMP, Long.toString(sentAt.getEpochSecond()))
            .header(DELIVERY, message.id())
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (secret != null) {
      request.header(SIGNATURE, "sha256=" + hmacSha256Hex(secret, body));
    }
    HttpResponse<String> response;
    try {
      response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new DeliveryException("POST to " + r.label() + " failed: " + e, true, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeliveryException("interrupted while posting to " + r.label(), true, e);
    }
    if (response.statusCode() / 100 != 2) {
      String said = response.body() == null ? "" : response.body().strip();
      throw new DeliveryException(
          "POST to "
              + r.label()
              + " answered HTTP "
              + response.statusCode()
              + (said.isEmpty() ? "" : ": " + said.substring(0, Math.min(200, said.length()))),
          true,
          null);
    }
  }

  /** Hex HMAC-SHA256 of {@code body} under {@code secret} (UTF-8). */
  public static String hmacSha256Hex(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}

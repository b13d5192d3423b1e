package com.brandpulse.alert;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * Who hears about a brand's signals ({@code alert.routes}): brand id → severity → e-mail addresses
 * and webhooks. A recipient listed under a severity gets the signals of that severity and of every
 * higher one, so whoever hears of a medium signal also hears when it escalates to high.
 */
public final class Routes {
  public static final String EMAIL = "email";
  public static final String WEBHOOK = "webhook";

  /**
   * One destination. {@code label} is what ops.alerts_sent and the logs keep: the e-mail address,
   * or for a webhook its host and a hash (URLs such as Slack's carry a token), or {@code env:NAME}
   * when the URL is a secret read from that environment variable at send time. {@code secretEnv}
   * names the webhook's HMAC key ("" = unsigned).
   */
  public record Recipient(
      String channel, String address, String urlEnv, String secretEnv, String label) {
    static Recipient email(String address) {
      return new Recipient(EMAIL, address, null, null, address.toLowerCase(java.util.Locale.ROOT));
    }
  }

  private final Map<String, Map<String, List<Recipient>>> byBrand;

  private Routes(Map<String, Map<String, List<Recipient>>> byBrand) {
    this.byBrand = byBrand;
  }

  public static Routes none() {
    return new Routes(Map.of());
  }

  /**
   * Parses {@code alert.routes}; webhooks without their own {@code secret-env} are signed with
   * {@code defaultSecretEnv}.
   */
  public static Routes from(Config routes, String defaultSecretEnv) {
    Map<String, Map<String, List<Recipient>>> out = new TreeMap<>();
    for (String brand : routes.root().keySet()) {
      Config bySeverity = routes.getConfig(ConfigUtil.joinPath(brand));
      Map<String, List<Recipient>> severities = new LinkedHashMap<>();
      for (String severity : bySeverity.root().keySet()) {
        if (!AlertSignal.SEVERITIES.contains(severity)) {
          throw new IllegalArgumentException(
              "alert.routes."
                  + brand
                  + ": unknown severity '"
                  + severity
                  + "'; one of "
                  + AlertSignal.SEVERITIES);
        }
      }
      for (String severity : AlertSignal.SEVERITIES) {
        if (bySeverity.hasPath(severity)) {
          severities.put(
              severity,
              recipients(
                  bySeverity.getConfig(severity),
                  "alert.routes." + brand + "." + severity,
                  defaultSecretEnv));
        }
      }
      out.put(brand, severities);
    }
    return new Routes(out);
  }

  private static List<Recipient> recipients(Config route, String where, String defaultSecretEnv) {
    for (String key : route.root().keySet()) {
      if (!key.equals(EMAIL) && !key.equals(WEBHOOK)) {
        throw new IllegalArgumentException(
            where + ": unknown channel '" + key + "'; email or webhook");
      }
    }
    List<Recipient> out = new ArrayList<>();
    if (route.hasPath(EMAIL)) {
      for (String address : route.getStringList(EMAIL)) {
        try {
          new InternetAddress(address, true).validate();
        } catch (AddressException e) {
          throw new IllegalArgumentException(
              where + ".email: not an e-mail address: '" + address + "'", e);
        }
        out.add(Recipient.email(address));
      }
    }
    if (route.hasPath(WEBHOOK)) {
      for (ConfigValue hook : route.getList(WEBHOOK)) {
        out.add(webhook(hook, where + ".webhook", defaultSecretEnv));
      }
    }
    return out;
  }

  /**
   * A webhook: a URL string, or { url = "..." } / { url-env = NAME } with an optional secret-env.
   */
  private static Recipient webhook(ConfigValue hook, String where, String defaultSecretEnv) {
    if (hook.valueType() == ConfigValueType.STRING) {
      String url = (String) hook.unwrapped();
      return new Recipient(WEBHOOK, checkedUrl(url, where), null, defaultSecretEnv, redact(url));
    }
    if (hook.valueType() != ConfigValueType.OBJECT) {
      throw new IllegalArgumentException(
          where + ": a URL or { url = ..., secret-env = ... }, got " + hook.render());
    }
    Config c = ((com.typesafe.config.ConfigObject) hook).toConfig();
    for (String key : c.root().keySet()) {
      if (key.equals("secret")) {
        throw new IllegalArgumentException(
            where
                + ": a webhook secret is written in configuration; name the"
                + " environment variable that holds it with secret-env");
      }
      if (!Set.of("url", "url-env", "secret-env").contains(key)) {
        throw new IllegalArgumentException(
            where + ": unknown key '" + key + "'; url, url-env, secret-env");
      }
    }
    String secretEnv = c.hasPath("secret-env") ? c.getString("secret-env") : defaultSecretEnv;
    if (c.hasPath("url") == c.hasPath("url-env")) {
      throw new IllegalArgumentException(where + ": exactly one of url and url-env");
    }
    if (c.hasPath("url")) {
      String url = c.getString("url");
      return new Recipient(WEBHOOK, checkedUrl(url, where), null, secretEnv, redact(url));
    }
    String env = c.getString("url-env");
    return new Recipient(WEBHOOK, null, env, secretEnv, "env:" + env);
  }

  static String checkedUrl(String url, String where) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": not a URL: " + redact(url), e);
    }
    if (uri.getHost() == null
        || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))) {
      throw new IllegalArgumentException(
          where + ": an http(s) URL with a host, got " + redact(url));
    }
    return url;
  }

  /**
   * {@code scheme://host[:port]/…#<12 hex of its SHA-256>}: tells webhooks apart without keeping
   * their tokens.
   */
  static String redact(String url) {
    String hash = DigestUtils.sha256Hex(url).substring(0, 12);
    try {
      URI uri = URI.create(url);
      if (uri.getHost() != null) {
        return uri.getScheme()
            + "://"
            + uri.getHost()
            + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
            + "/…#"
            + hash;
      }
    } catch (IllegalArgumentException ignored) {
      // not a URL: the hash alone
    }
    return "…#" + hash;
  }

  public boolean isEmpty() {
    return byBrand.isEmpty();
  }

  /** Brands with at least one route, sorted. */
  public List<String> brands() {
    return List.copyOf(byBrand.keySet());
  }

  /**
   * Everyone routed a signal of {@code brandId} at {@code severity}: routes at that severity and
   * lower, once each.
   */
  public List<Recipient> recipients(String brandId, String severity) {
    int rank = AlertSignal.rank(severity);
    Map<String, Recipient> out = new LinkedHashMap<>();
    byBrand
        .getOrDefault(brandId, Map.of())
        .forEach(
            (routeSeverity, list) -> {
              if (AlertSignal.rank(routeSeverity) <= rank) {
                list.forEach(r -> out.putIfAbsent(r.channel() + " " + r.label(), r));
              }
            });
    return List.copyOf(out.values());
  }
}

package com.brandpulse.common;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed pseudonyms for people: HMAC-SHA256 over {@code platform:handle} (or {@code platform#id}
 * when only an id is known), so the same person gets the same key in every table and every run, and
 * nobody without the key can reverse or recompute it. The key lives only in memory; toString hides
 * it.
 */
public final class Pseudonymizer implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Hex characters kept: 80 bits, ample against collisions for any account population. */
  private static final int HEX_CHARS = 20;

  private final byte[] key;
  private transient Mac mac;

  public Pseudonymizer(String secret) {
    if (secret == null || secret.isEmpty()) {
      throw new IllegalArgumentException("pseudonym key is empty");
    }
    this.key = secret.getBytes(StandardCharsets.UTF_8);
  }

  /** Reads the key from the environment variable named in {@code privacy.pseudonym-key-env}. */
  public static Pseudonymizer fromConfig(AppConfig config) {
    String variable = config.get().getString("privacy.pseudonym-key-env");
    String secret = config.secret(variable);
    int min = config.get().getInt("privacy.pseudonym-key-min-length");
    if (secret.length() < min) {
      throw new AppConfig.SecretError(
          "environment variable "
              + variable
              + " holds a key shorter than "
              + min
              + " characters; use a long random value");
    }
    return new Pseudonymizer(secret);
  }

  /** Platforms a configured account may name before its handle ({@code mastodon:user@host}). */
  private static final java.util.regex.Pattern ACCOUNT_REF =
      java.util.regex.Pattern.compile(
          "(twitter|reddit|mastodon|bluesky|youtube|facebook)([:#])(.+)");

  /**
   * Pseudonym of an account named in configuration (taxonomy handles, the staff roster): {@code
   * handle} is an X handle, {@code platform:handle} a handle on another platform ({@code
   * mastodon:care@brand.social}, {@code bluesky:brand.bsky.social}), {@code platform#id} an account
   * known by its id (a Facebook page).
   */
  public String account(String ref) {
    java.util.regex.Matcher m = ACCOUNT_REF.matcher(ref.strip());
    if (!m.matches()) {
      return handle("twitter", ref);
    }
    return m.group(2).equals(":")
        ? handle(m.group(1), m.group(3))
        : accountId(m.group(1), m.group(3));
  }

  /** Pseudonym of a handle (case-insensitive, leading @ ignored); null for null or blank. */
  public String handle(String platform, String handle) {
    if (handle == null) {
      return null;
    }
    String h = handle.trim();
    if (h.startsWith("@")) {
      h = h.substring(1);
    }
    if (h.isEmpty() || h.equals("[deleted]")) {
      return null;
    }
    return digest(platform + ":" + h.toLowerCase(Locale.ROOT));
  }

  /** Pseudonym of a numeric or opaque account id; a separate space from handles. */
  public String accountId(String platform, String id) {
    if (id == null || id.isBlank()) {
      return null;
    }
    return digest(platform + "#" + id.trim());
  }

  private String digest(String value) {
    try {
      if (mac == null) {
        mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
      }
      byte[] out = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
      return "u_" + HexFormat.of().formatHex(out).substring(0, HEX_CHARS);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  @Override
  public String toString() {
    return "Pseudonymizer[key hidden]";
  }
}

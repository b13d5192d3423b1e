package com.brandpulse.enrich;

import com.brandpulse.common.AppConfig;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * The listening taxonomy, declared in conf: brands and competitors (names, aliases and products in
 * any language, hashtags, official handles, competitor sets), industry terms, and monitoring
 * categories (category → subcategory → rules of terms, hashtags or a regex, with exclusions and an
 * optional language and platform scope). Its version is the hash of its content, so a changed
 * taxonomy is seen.
 */
public record Taxonomy(String name, String version, List<Entity> entities, List<Rule> rules)
    implements Serializable {

  public static final String BRAND = "brand";
  public static final String COMPETITOR = "competitor";
  public static final String INDUSTRY = "industry";
  public static final String CATEGORY = "category";

  /** A brand, competitor or industry: what share of voice and brand health are computed for. */
  public record Entity(
      String id,
      String name,
      String kind,
      String industry,
      List<String> terms,
      List<String> hashtags,
      List<String> handles,
      List<String> competitors,
      List<String> exclude)
      implements Serializable {}

  /** One monitoring rule of a subcategory. */
  public record Rule(
      String category,
      String subcategory,
      List<String> terms,
      List<String> hashtags,
      String regex,
      List<String> exclude,
      String lang,
      String platform)
      implements Serializable {
    public String path() {
      return category + " / " + subcategory;
    }
  }

  /**
   * Reads a taxonomy file, or a resource bundled in the jar when written {@code classpath:NAME}.
   */
  public static Taxonomy load(String location) {
    Config root = AppConfig.parseLocation(location);
    if (!root.hasPath("taxonomy")) {
      throw new IllegalArgumentException("no taxonomy { ... } in " + location);
    }
    return from(root.getConfig("taxonomy"));
  }

  public static Taxonomy from(Config t) {
    List<Entity> entities = new ArrayList<>();
    for (Config b : t.getConfigList("brands")) {
      String kind = b.hasPath("kind") ? b.getString("kind") : BRAND;
      if (!kind.equals(BRAND) && !kind.equals(COMPETITOR)) {
        throw new IllegalArgumentException(
            "brand " + b.getString("id") + ": kind must be brand or competitor");
      }
      entities.add(
          new Entity(
              b.getString("id"),
              b.getString("name"),
              kind,
              opt(b, "industry"),
              list(b, "terms"),
              lower(list(b, "hashtags")),
              list(b, "handles"),
              list(b, "competitors"),
              list(b, "exclude")));
    }
    if (t.hasPath("industries")) {
      for (Config i : t.getConfigList("industries")) {
        entities.add(
            new Entity(
                i.getString("id"),
                i.getString("name"),
                INDUSTRY,
                i.getString("id"),
                list(i, "terms"),
                lower(list(i, "hashtags")),
                List.of(),
                List.of(),
                list(i, "exclude")));
      }
    }
    List<Rule> rules = new ArrayList<>();
    if (t.hasPath("categories")) {
      for (Config c : t.getConfigList("categories")) {
        for (Config r : c.getConfigList("rules")) {
          Rule rule =
              new Rule(
                  c.getString("category"),
                  c.getString("subcategory"),
                  list(r, "terms"),
                  lower(list(r, "hashtags")),
                  opt(r, "regex"),
                  list(r, "exclude"),
                  opt(r, "lang"),
                  opt(r, "platform"));
          if (rule.terms().isEmpty() && rule.hashtags().isEmpty() && rule.regex() == null) {
            throw new IllegalArgumentException(
                "rule in " + rule.path() + " has no terms, hashtags or regex");
          }
          rules.add(rule);
        }
      }
    }
    validate(entities);
    String canonical = t.root().render(ConfigRenderOptions.concise());
    return new Taxonomy(
        t.hasPath("name") ? t.getString("name") : "taxonomy",
        sha(canonical),
        List.copyOf(entities),
        List.copyOf(rules));
  }

  private static void validate(List<Entity> entities) {
    List<String> ids = entities.stream().map(Entity::id).toList();
    for (Entity e : entities) {
      for (String competitor : e.competitors()) {
        if (!ids.contains(competitor)) {
          throw new IllegalArgumentException(
              "brand " + e.id() + " names unknown competitor " + competitor);
        }
      }
    }
    if (ids.stream().distinct().count() != ids.size()) {
      throw new IllegalArgumentException("taxonomy ids are not unique: " + ids);
    }
  }

  /** A brand or competitor by id or display name, case-insensitive. */
  public Optional<Entity> brand(String idOrName) {
    String key = idOrName.trim().toLowerCase(Locale.ROOT);
    return entities.stream()
        .filter(e -> !e.kind().equals(INDUSTRY))
        .filter(e -> e.id().equalsIgnoreCase(key) || e.name().toLowerCase(Locale.ROOT).equals(key))
        .findFirst();
  }

  private static List<String> list(Config c, String path) {
    return c.hasPath(path) ? List.copyOf(c.getStringList(path)) : List.of();
  }

  private static List<String> lower(List<String> values) {
    return values.stream().map(v -> v.replaceFirst("^#", "").toLowerCase(Locale.ROOT)).toList();
  }

  private static String opt(Config c, String path) {
    return c.hasPath(path) ? c.getString(path) : null;
  }

  private static String sha(String text) {
    return DigestUtils.sha256Hex(text).substring(0, 12);
  }
}

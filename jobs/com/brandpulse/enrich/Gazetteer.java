package com.brandpulse.enrich;

import com.brandpulse.common.AppConfig;
import com.typesafe.config.Config;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Country of a post: the source's place when it has one, else a point inside exactly one declared
 * country box, else the author's stated location when it names places of exactly one country
 * (declared in conf/gazetteer.conf). Anything ambiguous or unknown stays unknown (null).
 */
public final class Gazetteer implements Serializable {
  private static final long serialVersionUID = 1L;

  /** How the country was found. */
  public record Region(String country, String source) {}

  private record Box(String country, double minLat, double minLon, double maxLat, double maxLon)
      implements Serializable {}

  private final PhraseIndex<String> names = new PhraseIndex<>();
  private final List<Box> boxes = new ArrayList<>();

  public static Gazetteer load(String location) {
    Config root = AppConfig.parseLocation(location);
    Gazetteer g = new Gazetteer();
    for (Config c : root.getConfigList("gazetteer.countries")) {
      String code = c.getString("code").toUpperCase(Locale.ROOT);
      for (String name : c.getStringList("names")) {
        g.names.add(name, code);
      }
      if (c.hasPath("bbox")) {
        List<Double> b = c.getDoubleList("bbox");
        g.boxes.add(new Box(code, b.get(0), b.get(1), b.get(2), b.get(3)));
      }
    }
    return g;
  }

  public Region resolve(String placeCountry, Double lat, Double lon, String location) {
    if (placeCountry != null && !placeCountry.isBlank()) {
      return new Region(placeCountry.toUpperCase(Locale.ROOT), "place");
    }
    if (lat != null && lon != null) {
      Set<String> inside = new HashSet<>();
      for (Box b : boxes) {
        if (lat >= b.minLat() && lat <= b.maxLat() && lon >= b.minLon() && lon <= b.maxLon()) {
          inside.add(b.country());
        }
      }
      if (inside.size() == 1) {
        return new Region(inside.iterator().next(), "geo");
      }
    }
    if (location != null && !location.isBlank()) {
      // "New Mexico" holds "Mexico", "Paris, Texas" holds "Paris": a name inside a longer one does
      // not count.
      List<PhraseIndex.Hit<String>> hits = names.find(location);
      Set<String> named = new HashSet<>();
      for (PhraseIndex.Hit<String> hit : hits) {
        if (hits.stream().noneMatch(hit::insideLonger)) {
          named.add(hit.target());
        }
      }
      if (named.size() == 1) {
        return new Region(named.iterator().next(), "location");
      }
    }
    return new Region(null, "unknown");
  }
}

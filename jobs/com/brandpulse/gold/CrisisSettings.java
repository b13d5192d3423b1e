package com.brandpulse.gold;

import com.brandpulse.common.AppConfig;
import com.typesafe.config.Config;
import java.io.Serializable;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * The crisis-signal part of the configuration ({@code brandpulse.crisis.hourly}, {@code .daily},
 * {@code .signals} and {@code brandpulse.gold.reporting-time-zone}), typed and checked once.
 */
public record CrisisSettings(
    String reportingTimeZone,
    SpikeDetector.Settings hourly,
    SpikeDetector.Settings daily,
    List<String> metrics,
    boolean competitors,
    int driverTerms,
    int driverCategories,
    int driverTopics,
    int driverMinPosts,
    double driverMinLift,
    double driverSmoothing,
    int representativePosts,
    int stateWeeks)
    implements Serializable {
  public static final String MENTIONS = "mentions";
  public static final String NEGATIVE = "negative";
  public static final String NEGATIVE_SHARE = "negative_share";
  public static final String CATEGORY = "category";
  public static final Set<String> METRICS = Set.of(MENTIONS, NEGATIVE, NEGATIVE_SHARE, CATEGORY);

  /** Bumped when the computation changes in a way that must recompute stored weeks. */
  static final String LOGIC_VERSION = "crisis-1";

  public CrisisSettings {
    ZoneId.of(reportingTimeZone); // an unknown zone fails here, not as nulls deep in Spark
    require(
        hourly.window().equals(Duration.ofHours(1)),
        "crisis.hourly.window must be 1h (one hourly point each)");
    require(
        daily.window().equals(Duration.ofDays(1)),
        "crisis.daily.window must be 1d (one daily point each)");
    require(
        !metrics.isEmpty() && METRICS.containsAll(metrics),
        "crisis.signals.metrics must be among " + METRICS);
    require(
        driverTerms >= 0 && driverCategories >= 0 && driverTopics >= 0,
        "driver counts must not be negative");
    require(driverMinPosts >= 1, "crisis.signals.drivers.min-posts must be at least 1");
    require(driverMinLift >= 1, "crisis.signals.drivers.min-lift must be at least 1");
    require(driverSmoothing > 0, "crisis.signals.drivers.smoothing must be positive");
    require(representativePosts >= 0, "crisis.signals.representative-posts must not be negative");
    require(
        stateWeeks >= 6, "crisis.state-weeks must be at least 6 (a resume reads 30 days of state)");
    metrics = List.copyOf(metrics);
  }

  public static CrisisSettings from(AppConfig appConfig) {
    Config root = appConfig.get();
    Config s = root.getConfig("crisis.signals");
    return new CrisisSettings(
        root.getString("gold.reporting-time-zone"),
        SpikeDetector.Settings.fromConfig(root.getConfig("crisis.hourly")),
        SpikeDetector.Settings.fromConfig(root.getConfig("crisis.daily")),
        s.getStringList("metrics").stream().map(m -> m.replace('-', '_')).toList(),
        s.getBoolean("competitors"),
        s.getInt("drivers.terms"),
        s.getInt("drivers.categories"),
        s.getInt("drivers.topics"),
        s.getInt("drivers.min-posts"),
        s.getDouble("drivers.min-lift"),
        s.getDouble("drivers.smoothing"),
        s.getInt("representative-posts"),
        root.hasPath("crisis.state-weeks") ? root.getInt("crisis.state-weeks") : 8);
  }

  public ZoneId zone() {
    return ZoneId.of(reportingTimeZone);
  }

  public boolean has(String metric) {
    return metrics.contains(metric);
  }

  /** The detector of a granularity ({@code hour} or {@code day}). */
  public SpikeDetector.Settings detector(String granularity) {
    return granularity.equals(CrisisSeries.HOUR) ? hourly : daily;
  }

  /**
   * A short hash of everything that shapes the output besides the posts (these settings, the
   * taxonomy version, the logic version): part of each week's fingerprint, so changing any
   * recomputes all weeks.
   */
  public String version(String taxonomyVersion) {
    // How much state is kept changes no result: the text is the one from before state-weeks
    // existed, so neither changing it nor the upgrade that added it recomputes any week.
    String shaping = toString().replace(", stateWeeks=" + stateWeeks + "]", "]");
    String text = LOGIC_VERSION + "|" + taxonomyVersion + "|" + shaping;
    return DigestUtils.sha256Hex(text).substring(0, 16);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}

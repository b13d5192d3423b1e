package com.brandpulse.gold;

import com.brandpulse.common.AppConfig;
import com.typesafe.config.Config;
import java.io.Serializable;
import java.time.ZoneId;
import java.util.regex.Pattern;

/** The gold part of the configuration ({@code brandpulse.gold}), typed and checked once. */
public record GoldSettings(
    String reportingTimeZone, int topN, int threadMaxDepth, String questionPattern)
    implements Serializable {

  public GoldSettings {
    ZoneId.of(reportingTimeZone); // an unknown zone fails here, not as nulls deep in Spark
    Pattern.compile(questionPattern);
    if (topN < 1 || threadMaxDepth < 1) {
      throw new IllegalArgumentException("gold.top-n and gold.thread-max-depth must be at least 1");
    }
  }

  public static GoldSettings from(AppConfig appConfig) {
    Config c = appConfig.get().getConfig("gold");
    return new GoldSettings(
        c.getString("reporting-time-zone"),
        c.getInt("top-n"),
        c.getInt("thread-max-depth"),
        c.getString("question-pattern"));
  }
}

package com.brandpulse.enrich;

import com.brandpulse.common.AppConfig;
import com.typesafe.config.Config;
import java.io.Serializable;
import java.util.List;

/** The enrich part of the configuration, typed and serializable. */
public record EnrichSettings(
    String taxonomy, String gazetteer, List<String> languages, int minLettersForDetection)
    implements Serializable {

  public static EnrichSettings from(AppConfig appConfig) {
    Config c = appConfig.get().getConfig("enrich");
    return new EnrichSettings(
        c.getString("taxonomy"),
        c.getString("gazetteer"),
        c.getStringList("languages"),
        c.getInt("min-letters-for-detection"));
  }
}

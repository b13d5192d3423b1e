package com.brandpulse.ingest;

import com.brandpulse.common.AppConfig;
import com.typesafe.config.Config;
import java.io.Serializable;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The ingest part of the configuration, typed and serializable so executors get it in the closure.
 */
public record IngestSettings(
    double maxQuarantineRatio,
    int maxTextChars,
    int maxRecordBytes,
    int quarantineRawMaxChars,
    List<String> dataExtensions,
    int bronzeRetentionDays,
    long futureToleranceMs,
    Map<String, Instant> earliestPost,
    int readPartitions,
    long readSliceBytes,
    long layoutMinInsertedPosts,
    long layoutFileBytes,
    Map<String, CsvMapping> csvMappings,
    List<String> phoneRegions,
    long deletedFileRetentionHours)
    implements Serializable {

  /** A CSV export layout declared in conf: which header columns hold which canonical fields. */
  public record CsvMapping(
      String name,
      String platform,
      String idNamespace,
      List<String> requiredColumns,
      Map<String, String> fields,
      List<String> attributes)
      implements Serializable {
    public String column(String field) {
      return fields.get(field);
    }
  }

  public static IngestSettings from(AppConfig appConfig) {
    Config c = appConfig.get().getConfig("ingest");
    Map<String, Instant> earliest = new LinkedHashMap<>();
    Config e = c.getConfig("earliest-post");
    for (String platform : e.root().keySet()) {
      earliest.put(platform, Instant.parse(e.getString(platform)));
    }
    Map<String, CsvMapping> mappings = new LinkedHashMap<>();
    Config m = c.getConfig("csv-mappings");
    for (String name : m.root().keySet()) {
      Config one = m.getConfig(name);
      Map<String, String> fields = new LinkedHashMap<>();
      for (String field : one.getConfig("fields").root().keySet()) {
        fields.put(field, one.getConfig("fields").getString(field));
      }
      mappings.put(
          name,
          new CsvMapping(
              name,
              one.getString("platform"),
              one.hasPath("id-namespace") ? one.getString("id-namespace") : null,
              one.getStringList("required-columns"),
              fields,
              one.hasPath("attributes") ? one.getStringList("attributes") : List.of()));
    }
    return new IngestSettings(
        c.getDouble("max-quarantine-ratio"),
        c.getInt("max-text-chars"),
        c.getInt("max-record-bytes"),
        c.getInt("quarantine-raw-max-chars"),
        c.getStringList("data-extensions"),
        c.getInt("bronze-retention-days"),
        c.getDuration("future-tolerance", TimeUnit.MILLISECONDS),
        earliest,
        c.getInt("read-partitions"),
        c.getBytes("read-slice-bytes"),
        c.getLong("layout.min-inserted-posts"),
        c.getBytes("layout.file-bytes"),
        mappings,
        appConfig.get().getStringList("privacy.phone-regions"),
        appConfig.get().getDuration("privacy.deleted-file-retention", TimeUnit.HOURS));
  }

  public Instant earliestFor(String platform) {
    return earliestPost.getOrDefault(platform, earliestPost.get("default"));
  }
}

package com.brandpulse.ingest.format;

import static com.brandpulse.ingest.format.Fields.emptyToNull;
import static com.brandpulse.ingest.format.Fields.qualify;
import static com.brandpulse.ingest.format.Fields.text;

import com.brandpulse.ingest.Formats;
import com.brandpulse.ingest.IngestSettings;
import com.brandpulse.ingest.Item;
import com.brandpulse.ingest.QuarantineReason;
import com.brandpulse.ingest.RecordReader;
import com.brandpulse.ingest.TextCleaner;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * CSV exports under a named column mapping ({@code ingest.csv-mappings}): Kaggle airline tweets,
 * customer-support threads, a Grailbird tweets.csv. Not a JSON format: the reader cuts the records
 * and names the mapping.
 */
public final class CsvExport {
  private static final Pattern FLOAT_INTEGER = Pattern.compile("(\\d+)\\.0*");

  private CsvExport() {}

  /**
   * The post of one CSV record (read as a JSON object of column to value) under its file's mapping.
   */
  public static Item row(String format, String record, ParseContext ctx) {
    String ownerHandle = ctx.ownerHandle();
    IngestSettings.CsvMapping m =
        ctx.settings().csvMappings().get(format.substring(Formats.CSV_PREFIX.length()));
    JsonNode row;
    try {
      row = RecordReader.JSON.readTree(record);
    } catch (JsonProcessingException e) {
      throw new Rejected(
          QuarantineReason.BAD_CSV_RECORD, "CSV record is not readable: " + e.getOriginalMessage());
    }
    PostBuilder p = ctx.post(m.platform(), format);
    String id = csvId(m, row, "id");
    p.id(id == null ? null : m.idNamespace() == null ? id : m.idNamespace() + ":" + id);
    String handle = csvField(m, row, "author_handle");
    p.author(handle != null ? handle : ownerHandle, csvField(m, row, "author_id"));
    String created = csvField(m, row, "created_at");
    p.createdAt(created == null ? null : RecordReader.JSON.getNodeFactory().textNode(created));
    p.item.lang = csvField(m, row, "lang");
    String text = csvField(m, row, "text");
    p.text(
        text == null ? null : TextCleaner.decodeEntities(text),
        m.column("text") != null && row.has(m.column("text")));
    String reply = csvId(m, row, "reply_to_id");
    p.item.replyToPostId =
        reply == null
            ? null
            : qualify(
                m.platform(), m.idNamespace() == null ? reply : m.idNamespace() + ":" + reply);
    String repost = csvId(m, row, "repost_of_id");
    p.item.repostOf = repost == null ? null : qualify(m.platform(), repost);
    p.item.likeCount = csvNumber(m, row, "like_count");
    p.item.shareCount = csvNumber(m, row, "share_count");
    p.item.authorLocation = csvField(m, row, "author_location");
    String coordinates = csvField(m, row, "coordinates");
    if (coordinates != null) {
      String[] parts = coordinates.replaceAll("[\\[\\]\\s]", "").split(",");
      if (parts.length == 2) {
        try {
          double lat = Double.parseDouble(parts[0]);
          double lon = Double.parseDouble(parts[1]);
          if (lat != 0 || lon != 0) { // [0.0, 0.0] is the export's way of saying "none"
            p.item.geoLat = lat;
            p.item.geoLon = lon;
          }
        } catch (NumberFormatException ignored) {
          // not coordinates: left empty rather than guessed
        }
      }
    }
    Map<String, String> attributes = new LinkedHashMap<>();
    for (String column : m.attributes()) {
      String value = emptyToNull(text(row, column));
      if (value != null) {
        attributes.put(column, value);
      }
    }
    p.item.sourceAttributes = attributes;
    return p.build();
  }

  private static String csvField(IngestSettings.CsvMapping m, JsonNode row, String field) {
    String column = m.column(field);
    return column == null ? null : emptyToNull(text(row, column));
  }

  /**
   * Ids in pandas re-exports arrive as floats ("119237.0"); an exact integer is kept, else
   * rejected.
   */
  private static String csvId(IngestSettings.CsvMapping m, JsonNode row, String field) {
    String value = csvField(m, row, field);
    if (value == null) {
      return null;
    }
    var floatInteger = FLOAT_INTEGER.matcher(value);
    if (floatInteger.matches()) {
      return floatInteger.group(1);
    }
    if (value.contains("e") || value.contains("E")) {
      throw new Rejected(
          QuarantineReason.BAD_ID,
          field + " '" + value + "' is in scientific notation: the exact id is lost");
    }
    return value;
  }

  private static Long csvNumber(IngestSettings.CsvMapping m, JsonNode row, String field) {
    String value = csvField(m, row, field);
    if (value == null) {
      return null;
    }
    try {
      return new BigDecimal(value).longValueExact();
    } catch (ArithmeticException | NumberFormatException e) {
      throw new Rejected(
          QuarantineReason.WRONG_TYPE, field + " '" + value + "' is not a whole number");
    }
  }
}

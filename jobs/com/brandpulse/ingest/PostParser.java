package com.brandpulse.ingest;

import com.brandpulse.common.Pseudonymizer;
import com.brandpulse.ingest.format.CsvExport;
import com.brandpulse.ingest.format.ParseContext;
import com.brandpulse.ingest.format.PostFormat;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns one raw record into canonical items: posts (every platform's shape mapped to silver.posts'
 * columns, authors pseudonymised, text cleaned), control events, or quarantine entries with a
 * reason. The record goes to the format that recognises its keys ({@link Formats#of}); each format
 * is its own class in {@code ingest.format}. Pure: the same record, settings and key always give
 * the same items.
 */
public final class PostParser {
  private final TextCleaner cleaner;
  private final ParseContext context;

  public PostParser(IngestSettings settings, Pseudonymizer pseudonyms, Instant now) {
    this.cleaner = new TextCleaner(pseudonyms, settings.phoneRegions());
    this.context = new ParseContext(settings, pseudonyms, cleaner, now);
  }

  /** The masking this parser applies, for the raw records the caller quarantines. */
  public TextCleaner cleaner() {
    return cleaner;
  }

  /**
   * Items of one bronze record. {@code format} is the file's detected or requested format, {@code
   * ownerHandle} the archive owner for formats without user objects.
   */
  public List<Item> parse(
      String container, String format, String record, String readError, String ownerHandle) {
    List<Item> items = new ArrayList<>();
    ParseContext ctx = context.record(format, ownerHandle);
    if (readError != null) {
      int colon = readError.indexOf(':');
      String code = colon > 0 ? readError.substring(0, colon) : QuarantineReason.UNREADABLE.code();
      items.add(Item.quarantine(QuarantineReason.ofCode(code).code(), readError));
    } else if (Formats.ARCHIVE_METADATA.equals(format)) {
      Item item = Item.control("twitter", "archive_metadata");
      item.detail = "archive file " + record + " holds no posts";
      items.add(item);
    } else if (format.startsWith(Formats.CSV_PREFIX)) {
      items.add(ctx.guard(() -> CsvExport.row(format, record, ctx)));
    } else {
      JsonNode node;
      try {
        node = RecordReader.JSON.readTree(record);
      } catch (JsonProcessingException e) {
        String message = e.getOriginalMessage().replace('\n', ' ');
        boolean truncated = message.contains("end-of-input");
        boolean unknown = Formats.UNKNOWN.equals(format);
        items.add(
            Item.quarantine(
                (truncated
                        ? QuarantineReason.TRUNCATED_RECORD
                        : unknown ? QuarantineReason.UNKNOWN_FORMAT : QuarantineReason.BAD_JSON)
                    .code(),
                (truncated
                        ? "record ends mid-JSON (truncated): "
                        : unknown
                            ? "unrecognised format (not JSON lines, a JSON array, an archive export or a mapped CSV): "
                            : "invalid JSON: ")
                    + message));
        return numbered(items);
      }
      json(node, ctx, items);
    }
    return numbered(items);
  }

  /** Numbers the items of a record and masks the free text that reaches silver with them. */
  private List<Item> numbered(List<Item> items) {
    for (int i = 0; i < items.size(); i++) {
      Item item = items.get(i);
      if (items.size() > 1) {
        item.itemIndex = i + 1;
      }
      String platform = item.platform == null ? "twitter" : item.platform;
      item.reason = cleaner.mask(item.reason, platform);
      item.detail = cleaner.mask(item.detail, platform);
    }
    return items;
  }

  private static void json(JsonNode node, ParseContext ctx, List<Item> items) {
    // Records are routed by their own shape: a mixed file or a mislabelled one still lands right.
    PostFormat format = Formats.of(node);
    if (format != null) {
      format.parse(node, ctx, items);
      return;
    }
    if (node.isObject()) {
      List<String> keys = new ArrayList<>();
      node.fieldNames().forEachRemaining(keys::add);
      items.add(
          Item.quarantine(
              QuarantineReason.UNKNOWN_SHAPE.code(),
              "unrecognised record shape (keys "
                  + keys.subList(0, Math.min(12, keys.size()))
                  + ")"));
    } else {
      items.add(
          Item.quarantine(
              QuarantineReason.WRONG_TYPE.code(),
              "record is a JSON "
                  + com.brandpulse.ingest.format.Fields.type(node)
                  + ", expected an object"));
    }
  }
}

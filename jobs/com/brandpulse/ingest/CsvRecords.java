package com.brandpulse.ingest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Cuts CSV text (RFC 4180, quoted line breaks) into records, each a JSON object of header to value,
 * under the mapping of conf's ingest.csv-mappings whose columns the header holds. A record whose
 * field count differs from the header's is a bad record; a field over ingest.max-record-bytes or
 * more than {@link #MAX_COLUMNS} fields stop the parser (it cannot resume), which the caller
 * reports as the file's fault.
 */
final class CsvRecords {
  static final int MAX_COLUMNS = 1024;

  private final CsvParser csv;
  private final String[] header;
  private final String format;

  private CsvRecords(InputStream in, IngestSettings.CsvMapping mapping, IngestSettings settings) {
    this.format = mapping == null ? "csv" : Formats.CSV_PREFIX + mapping.name();
    this.csv = parser(settings);
    csv.beginParsing(new InputStreamReader(in, StandardCharsets.UTF_8));
    this.header = csv.parseNext();
  }

  static CsvRecords open(
      InputStream in, IngestSettings.CsvMapping mapping, IngestSettings settings) {
    return new CsvRecords(in, mapping, settings);
  }

  String format() {
    return format;
  }

  static boolean isCsvName(String path) {
    return path.toLowerCase(Locale.ROOT).replaceAll("\\.(gz|bz2)$", "").endsWith(".csv");
  }

  /**
   * The mapping for a header line: the one --format names (csv:NAME), else the first whose columns
   * it holds.
   */
  static IngestSettings.CsvMapping mapping(
      String headerLine, String forced, IngestSettings settings) {
    if (!headerLine.contains(",")) {
      return null;
    }
    if (forced.startsWith(Formats.CSV_PREFIX)) {
      IngestSettings.CsvMapping named =
          settings.csvMappings().get(forced.substring(Formats.CSV_PREFIX.length()));
      if (named == null) {
        throw new IllegalArgumentException("no CSV mapping named " + forced + " in conf");
      }
      return named;
    }
    List<String> columns = Arrays.asList(parser(settings).parseLine(headerLine));
    for (IngestSettings.CsvMapping m : settings.csvMappings().values()) {
      if (columns.containsAll(m.requiredColumns())) {
        return m;
      }
    }
    return null;
  }

  private static CsvParser parser(IngestSettings settings) {
    CsvParserSettings s = new CsvParserSettings();
    s.setLineSeparatorDetectionEnabled(true);
    s.setMaxCharsPerColumn(settings.maxRecordBytes());
    s.setMaxColumns(MAX_COLUMNS);
    s.setSkipEmptyLines(true);
    s.setNullValue("");
    s.setEmptyValue("");
    s.setIgnoreLeadingWhitespaces(false);
    s.setIgnoreTrailingWhitespaces(false);
    return new CsvParser(s);
  }

  /** The next record as record number {@code position}, or null at the end. */
  RawRecord next(long position) {
    String[] values = csv.parseNext();
    if (values == null) {
      return null;
    }
    long line = csv.getContext().currentLine();
    if (header == null || values.length != header.length) {
      ArrayNode array = RecordReader.JSON.createArrayNode();
      for (String v : values) {
        array.add(v);
      }
      return new RawRecord(
          position,
          "csv",
          format,
          array.toString(),
          QuarantineReason.BAD_CSV_RECORD.error(
              "record ending on line "
                  + line
                  + " has "
                  + values.length
                  + " fields but the header has "
                  + (header == null ? 0 : header.length)
                  + " (an unquoted line break or a stray quote?)"));
    }
    ObjectNode object = RecordReader.JSON.createObjectNode();
    for (int i = 0; i < header.length; i++) {
      object.put(header[i], values[i]);
    }
    String error =
        format.equals("csv")
            ? QuarantineReason.UNKNOWN_CSV_LAYOUT.error(
                "no CSV mapping in conf (ingest.csv-mappings) matches header "
                    + Arrays.toString(header))
            : null;
    if (error == null && object.toString().indexOf('\uFFFD') >= 0) {
      error =
          QuarantineReason.INVALID_UTF8.error(
              "the record holds bytes that are not valid UTF-8 (shown as U+FFFD)");
    }
    return new RawRecord(position, "csv", format, object.toString(), error);
  }

  void close() {
    csv.stopParsing();
  }
}

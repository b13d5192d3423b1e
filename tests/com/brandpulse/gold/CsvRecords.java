package com.brandpulse.gold;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain RFC-4180 reader for the real-data tests, so their expected figures never go through the
 * ingest code under test: quoted fields may hold commas, doubled quotes and newlines; records end
 * at LF only (a bare CR inside an unquoted field is text: twcs.csv record 2485 has two).
 */
final class CsvRecords {
  private CsvRecords() {}

  /** Every record of the file, the header first. */
  static List<List<String>> read(Path csv) throws IOException {
    String s = Files.readString(csv, StandardCharsets.UTF_8);
    List<List<String>> records = new ArrayList<>();
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < s.length() && s.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
      } else if (c == '\n') {
        fields.add(field.toString());
        field.setLength(0);
        records.add(fields);
        fields = new ArrayList<>();
      } else {
        field.append(c);
      }
    }
    if (field.length() > 0 || !fields.isEmpty()) {
      fields.add(field.toString());
      records.add(fields);
    }
    return records;
  }
}

package com.brandpulse.gold;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Gold layer, crisis signals: the file form of a volume series and of its spikes. Reads {@code
 * timestamp,value} CSV (NAB's layout: {@code YYYY-MM-DD HH:MM:SS}, one fixed step) into detector
 * points, refusing anything else with the line number; writes flagged points as {@code
 * timestamp,observed,expected,score,severity,run_start}.
 */
public final class SeriesCsv {
  public static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT)
          .withResolverStyle(ResolverStyle.STRICT);
  public static final String OUTPUT_HEADER = "timestamp,observed,expected,score,severity,run_start";
  private static final long DAY_SECONDS = 86_400;

  private SeriesCsv() {}

  /**
   * Reads a regular series; a missing header, an unparsable line or an irregular step fails with
   * its line.
   */
  public static List<SpikeDetector.Point> read(Path file) throws IOException {
    List<SpikeDetector.Point> points = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = in.readLine();
      if (header != null && header.startsWith("\uFEFF")) {
        header = header.substring(1);
      }
      if (header == null || !header.trim().equalsIgnoreCase("timestamp,value")) {
        throw bad(
            file,
            1,
            "expected the header timestamp,value, found "
                + (header == null ? "an empty file" : quote(header)));
      }
      Duration step = null;
      int lineNo = 1;
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        String[] fields = line.split(",", -1);
        if (fields.length != 2) {
          throw bad(
              file,
              lineNo,
              "expected 2 fields timestamp,value, found " + fields.length + " in " + quote(line));
        }
        LocalDateTime time;
        double value;
        try {
          time = LocalDateTime.parse(fields[0].trim(), TIME);
        } catch (DateTimeParseException e) {
          throw bad(file, lineNo, "timestamp " + quote(fields[0]) + " is not YYYY-MM-DD HH:MM:SS");
        }
        try {
          value = Double.parseDouble(fields[1].trim());
        } catch (NumberFormatException e) {
          value = Double.NaN;
        }
        if (!Double.isFinite(value)) {
          throw bad(file, lineNo, "value " + quote(fields[1]) + " is not a number");
        }
        if (!points.isEmpty()) {
          LocalDateTime previous = points.get(points.size() - 1).time();
          Duration gap = Duration.between(previous, time);
          if (!time.isAfter(previous)) {
            throw bad(
                file,
                lineNo,
                "timestamp "
                    + TIME.format(time)
                    + " is not after the previous one, "
                    + TIME.format(previous)
                    + " (the series must be increasing)");
          }
          if (step == null) {
            long seconds = gap.getSeconds();
            if (DAY_SECONDS % seconds != 0 && seconds % DAY_SECONDS != 0) {
              throw bad(
                  file,
                  lineNo,
                  "a step of " + text(gap) + " neither divides a day nor is whole days");
            }
            step = gap;
          }
          if (!gap.equals(step)) {
            throw bad(
                file,
                lineNo,
                "timestamp "
                    + TIME.format(time)
                    + " is "
                    + text(gap)
                    + " after the previous one,"
                    + " expected "
                    + text(step)
                    + " (the series must be regular: fill steps without posts with 0)");
          }
        }
        points.add(new SpikeDetector.Point(time, value));
      }
    }
    return points;
  }

  /** Writes the flagged points, one row each, in time order. */
  public static void writeFlagged(List<SpikeDetector.Result> results, Writer out)
      throws IOException {
    out.write(OUTPUT_HEADER + "\n");
    for (SpikeDetector.Result r : results) {
      if (r.flagged()) {
        out.write(
            String.format(
                Locale.ROOT,
                "%s,%s,%.2f,%.2f,%s,%s\n",
                TIME.format(r.time()),
                number(r.observed()),
                r.expected(),
                r.score(),
                r.severity().name().toLowerCase(Locale.ROOT),
                TIME.format(r.runStart())));
      }
    }
  }

  /** 5m, 1h, 1h30m, 24h. */
  private static String text(Duration d) {
    return d.toString().substring(2).toLowerCase(Locale.ROOT);
  }

  private static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15
        ? Long.toString((long) v)
        : String.format(Locale.ROOT, "%.2f", v);
  }

  private static String quote(String s) {
    String cut = s.length() > 60 ? s.substring(0, 60) + "..." : s;
    return "'" + cut + "'";
  }

  private static IllegalArgumentException bad(Path file, int line, String message) {
    return new IllegalArgumentException(file + " line " + line + ": " + message);
  }
}

package com.brandpulse.gold;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Gold layer, crisis signals: measures the spike detector against labelled anomaly windows in NAB's
 * {@code combined_windows.json} layout. Inputs: series CSVs ({@code timestamp,value}) and the
 * windows file (keys ending in the CSV's file name); output: per series and in total, the windows
 * holding at least one flagged point and the false alarms, where flagged points outside every
 * window count once per run (a gap of more than {@link #ALARM_GAP} starts a new run), per
 * series-week (series duration / 7 days).
 */
public final class NabEvaluation {
  /** Flagged points closer than this belong to one alarm. */
  public static final Duration ALARM_GAP = Duration.ofHours(1);

  private static final DateTimeFormatter WINDOW_TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss[.SSSSSS]", Locale.ROOT);

  /** A labelled anomaly window, both ends included. */
  public record Window(LocalDateTime start, LocalDateTime end) {
    boolean contains(LocalDateTime t) {
      return !t.isBefore(start) && !t.isAfter(end);
    }
  }

  /** One series' result. */
  public record SeriesScore(
      String series, int windows, int windowsFlagged, int falseAlarms, double weeks) {}

  /** All series' results and their totals. */
  public record Report(List<SeriesScore> series) {
    public int windows() {
      return series.stream().mapToInt(SeriesScore::windows).sum();
    }

    public int windowsFlagged() {
      return series.stream().mapToInt(SeriesScore::windowsFlagged).sum();
    }

    public int falseAlarms() {
      return series.stream().mapToInt(SeriesScore::falseAlarms).sum();
    }

    public double seriesWeeks() {
      return series.stream().mapToDouble(SeriesScore::weeks).sum();
    }

    public double windowShare() {
      return windows() == 0 ? 1.0 : windowsFlagged() / (double) windows();
    }

    public double falseAlarmsPerWeek() {
      return falseAlarms() / seriesWeeks();
    }

    /** A plain-text table for the console. */
    public String table() {
      StringBuilder out =
          new StringBuilder(
              String.format(
                  Locale.ROOT,
                  "%-32s %8s %12s %6s%n",
                  "series",
                  "windows",
                  "false-alarms",
                  "weeks"));
      for (SeriesScore s : series) {
        out.append(
            String.format(
                Locale.ROOT,
                "%-32s %4d/%-3d %12d %6.2f%n",
                s.series(),
                s.windowsFlagged(),
                s.windows(),
                s.falseAlarms(),
                s.weeks()));
      }
      out.append(
          String.format(
              Locale.ROOT,
              "windows flagged %d/%d = %.1f%%; false alarms %d over %.2f series-weeks"
                  + " = %.2f per series-week%n",
              windowsFlagged(),
              windows(),
              100 * windowShare(),
              falseAlarms(),
              seriesWeeks(),
              falseAlarmsPerWeek()));
      return out.toString();
    }
  }

  private NabEvaluation() {}

  /**
   * Runs the detector on a CSV, or on every CSV of a directory that the windows file lists, and
   * scores it.
   */
  public static Report evaluate(Path input, Path windowsJson, SpikeDetector.Settings settings)
      throws IOException {
    Map<String, List<Window>> windows = readWindows(windowsJson);
    List<Path> files;
    if (Files.isDirectory(input)) {
      try (Stream<Path> listing = Files.list(input)) {
        files = listing.filter(p -> p.getFileName().toString().endsWith(".csv")).sorted().toList();
      }
    } else {
      files = List.of(input);
    }
    SpikeDetector detector = new SpikeDetector(settings);
    List<SeriesScore> scores = new ArrayList<>();
    for (Path file : files) {
      String name = file.getFileName().toString();
      List<Window> labelled = windows.get(name);
      if (labelled == null) {
        if (!Files.isDirectory(input)) {
          throw new IllegalArgumentException(windowsJson + " has no windows for " + name);
        }
        continue;
      }
      scores.add(score(name, detector.detect(SeriesCsv.read(file)), labelled));
    }
    if (scores.isEmpty()) {
      throw new IllegalArgumentException("no CSV under " + input + " is listed in " + windowsJson);
    }
    return new Report(scores);
  }

  /** Scores one detected series against its windows. */
  public static SeriesScore score(
      String series, List<SpikeDetector.Result> results, List<Window> windows) {
    int hit = 0;
    for (Window w : windows) {
      if (results.stream().anyMatch(r -> r.flagged() && w.contains(r.time()))) {
        hit++;
      }
    }
    int alarms = 0;
    LocalDateTime last = null;
    for (SpikeDetector.Result r : results) {
      if (!r.flagged() || windows.stream().anyMatch(w -> w.contains(r.time()))) {
        continue;
      }
      if (last == null || Duration.between(last, r.time()).compareTo(ALARM_GAP) > 0) {
        alarms++;
      }
      last = r.time();
    }
    double weeks =
        results.isEmpty()
            ? 0
            : Duration.between(results.get(0).time(), results.get(results.size() - 1).time())
                    .getSeconds()
                / (7 * 86_400.0);
    return new SeriesScore(series, windows.size(), hit, alarms, weeks);
  }

  /** NAB windows: {"dir/name.csv": [["start", "end"], ...]}, keyed here by the file name alone. */
  public static Map<String, List<Window>> readWindows(Path json) throws IOException {
    JsonNode root = new ObjectMapper().readTree(json.toFile());
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(
          json + ": expected an object of series to [[start, end], ...]");
    }
    Map<String, List<Window>> windows = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : root.properties()) {
      List<Window> list = new ArrayList<>();
      for (JsonNode pair : e.getValue()) {
        if (!pair.isArray() || pair.size() != 2) {
          throw new IllegalArgumentException(
              json + ": " + e.getKey() + " has a window that is not [start, end]");
        }
        list.add(
            new Window(
                LocalDateTime.parse(pair.get(0).asText(), WINDOW_TIME),
                LocalDateTime.parse(pair.get(1).asText(), WINDOW_TIME)));
      }
      String key = e.getKey();
      windows.put(key.substring(key.lastIndexOf('/') + 1), list);
    }
    return windows;
  }
}

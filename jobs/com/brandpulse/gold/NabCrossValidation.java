package com.brandpulse.gold;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Gold layer, crisis signals: leave-one-series-out cross-validation of the spike detector's
 * settings on labelled series (NAB layout, see {@link NabEvaluation}). For each series, the
 * settings are chosen on the other series only and then measured on the held-out one; the held-out
 * results, pooled, predict how the tuned detector does on series it has never seen.
 *
 * <p>Choice on the training series: the most labelled windows flagged among the grid settings whose
 * false alarms per series-week do not exceed the reference detector's on those same series ("raise
 * recall without more false alarms"); ties go to fewer false alarms, then to the earlier grid entry
 * (the grid lists simpler settings first).
 *
 * <p>Fast: each series is scored once per distinct window length (scores do not depend on the
 * threshold, tail factor or release ratio), and every grid setting is then judged from those.
 */
public final class NabCrossValidation {
  private NabCrossValidation() {}

  /**
   * The detector before issue 17 (the hour alone, threshold 6, tail factor 2.5, no confirmation):
   * the reference whose false alarms a tuned detector must not exceed.
   */
  public static final SpikeDetector.Settings PREVIOUS = previous(SpikeDetector.Settings.DEFAULTS);

  /** {@link #PREVIOUS}'s tuned knobs over other base settings. */
  public static SpikeDetector.Settings previous(SpikeDetector.Settings base) {
    return with(base, List.of(), 1.0, Duration.ZERO, 6.0, 2.5);
  }

  /**
   * What {@code detect-spikes --cross-validate} prints: leave-one-series-out of the single-window
   * grid (today's family) and of the multi-window grid, both against {@link #previous}'s false
   * alarms, then in-sample figures of the previous and of the configured settings.
   */
  public static String compare(Path directory, Path windowsJson, SpikeDetector.Settings configured)
      throws IOException {
    Map<String, List<NabEvaluation.Window>> windows = NabEvaluation.readWindows(windowsJson);
    Map<String, List<SpikeDetector.Point>> series = read(directory, windows);
    SpikeDetector.Settings reference = previous(configured);
    StringBuilder out = new StringBuilder();
    for (Grid grid : List.of(Grid.SINGLE_WINDOW, Grid.MULTI_WINDOW)) {
      out.append(
              String.format(
                  Locale.ROOT,
                  "leave-one-series-out over %s (%d candidates):%n",
                  grid == Grid.SINGLE_WINDOW ? "the hour alone" : "hour and longer windows",
                  grid.settings(configured).size()))
          .append(leaveOneSeriesOut(series, windows, configured, grid, reference).table())
          .append('\n');
    }
    out.append("in-sample, the previous detector (hour alone, threshold 6, tail factor 2.5):\n")
        .append(inSample(series, windows, reference).table())
        .append("\nin-sample, the configured detector:\n")
        .append(inSample(series, windows, configured).table());
    return out.toString();
  }

  /**
   * The knobs tuned and a few values each; every combination is a candidate. The other settings
   * come from the base settings.
   */
  public record Grid(
      List<Double> thresholds,
      List<Double> tailFactors,
      List<List<Duration>> longerWindows,
      List<Double> longerFactors,
      List<Duration> confirms) {
    public Grid {
      thresholds = List.copyOf(thresholds);
      tailFactors = List.copyOf(tailFactors);
      longerWindows = longerWindows.stream().map(List::copyOf).toList();
      longerFactors = List.copyOf(longerFactors);
      confirms = List.copyOf(confirms);
    }

    /**
     * Today's detector family: the primary window alone, threshold and tail factor around 6/2.5.
     */
    public static final Grid SINGLE_WINDOW =
        new Grid(
            List.of(5.0, 6.0, 7.0),
            List.of(2.0, 2.5, 3.0),
            List.of(List.of()),
            List.of(1.0),
            List.of(Duration.ZERO));

    /**
     * The same, and longer trailing windows (6 hours; 6 hours and a day) judged beside the hour at
     * 1, 1.5 or 2 times its level, and a confirmation period of 0, 5 or 10 minutes: 189 candidates.
     */
    public static final Grid MULTI_WINDOW =
        new Grid(
            List.of(5.0, 6.0, 7.0),
            List.of(2.0, 2.5, 3.0),
            List.of(
                List.of(),
                List.of(Duration.ofHours(6)),
                List.of(Duration.ofHours(6), Duration.ofHours(24))),
            List.of(1.0, 1.5, 2.0),
            List.of(Duration.ZERO, Duration.ofMinutes(5), Duration.ofMinutes(10)));

    /** Every combination over the base settings, simpler first (fewer windows, lower values). */
    public List<SpikeDetector.Settings> settings(SpikeDetector.Settings base) {
      List<SpikeDetector.Settings> all = new ArrayList<>();
      for (List<Duration> windows : longerWindows) {
        // Without longer windows their factor does nothing: one candidate, not one per factor.
        for (double longerFactor : windows.isEmpty() ? List.of(1.0) : longerFactors) {
          for (Duration confirm : confirms) {
            for (double threshold : thresholds) {
              for (double tailFactor : tailFactors) {
                all.add(with(base, windows, longerFactor, confirm, threshold, tailFactor));
              }
            }
          }
        }
      }
      return all;
    }
  }

  /** The base settings with the tuned knobs replaced. */
  public static SpikeDetector.Settings with(
      SpikeDetector.Settings b,
      List<Duration> longerWindows,
      double longerFactor,
      Duration confirm,
      double threshold,
      double tailFactor) {
    return new SpikeDetector.Settings(
        b.window(),
        longerWindows,
        longerFactor,
        b.baselineDays(),
        b.minHistoryDays(),
        b.weekdayWeeks(),
        threshold,
        b.minExpected(),
        b.clipScore(),
        b.tailDays(),
        tailFactor,
        b.releaseRatio(),
        confirm,
        b.mediumRatio(),
        b.highRatio());
  }

  /** One held-out series: the settings chosen on the others and how they do on it. */
  public record Fold(
      SpikeDetector.Settings chosen,
      NabEvaluation.Report training,
      double budget,
      NabEvaluation.SeriesScore heldOut) {}

  /**
   * All folds ({@link #heldOut()} pools their held-out results), and the settings the same rule
   * chooses on every series with their (in-sample) figures.
   */
  public record Result(
      List<Fold> folds, SpikeDetector.Settings chosen, NabEvaluation.Report chosenInSample) {
    public NabEvaluation.Report heldOut() {
      return new NabEvaluation.Report(folds.stream().map(Fold::heldOut).toList());
    }

    /** A plain-text table: per held-out series the chosen settings, then the pooled figures. */
    public String table() {
      StringBuilder out = new StringBuilder();
      out.append(
          String.format(
              Locale.ROOT,
              "%-28s %-8s %6s %7s %5s %5s %10s %14s %8s%n",
              "held-out series",
              "longer",
              "factor",
              "confirm",
              "thr",
              "tail",
              "train win",
              "train fa/wk",
              "held-out"));
      for (Fold f : folds) {
        out.append(
            String.format(
                Locale.ROOT,
                "%-28s %-8s %6.1f %7s %5.1f %5.1f %4d/%-5d %6.2f <=%5.2f %3d/%d %2d fa%n",
                f.heldOut().series(),
                windows(f.chosen()),
                f.chosen().longerFactor(),
                f.chosen().confirm().toMinutes() + "m",
                f.chosen().threshold(),
                f.chosen().tailFactor(),
                f.training().windowsFlagged(),
                f.training().windows(),
                f.training().falseAlarmsPerWeek(),
                f.budget(),
                f.heldOut().windowsFlagged(),
                f.heldOut().windows(),
                f.heldOut().falseAlarms()));
      }
      out.append("leave-one-series-out: ").append(lastLine(heldOut().table())).append('\n');
      return out.append(
              String.format(
                  Locale.ROOT,
                  "chosen on all series: longer %s x%.1f, confirm %dm, threshold %.1f, tail factor"
                      + " %.1f; in-sample %s%n",
                  windows(chosen),
                  chosen.longerFactor(),
                  chosen.confirm().toMinutes(),
                  chosen.threshold(),
                  chosen.tailFactor(),
                  lastLine(chosenInSample.table())))
          .toString();
    }

    private static String lastLine(String table) {
      List<String> lines = table.lines().toList();
      return lines.get(lines.size() - 1);
    }
  }

  /** The longer windows as text: "-" for none, else e.g. "6h+24h". */
  public static String windows(SpikeDetector.Settings s) {
    return s.longerWindows().isEmpty()
        ? "-"
        : s.longerWindows().stream().map(d -> d.toHours() + "h").collect(Collectors.joining("+"));
  }

  /**
   * Reads every CSV of a directory that the windows file lists and cross-validates the grid over
   * them (see {@link #leaveOneSeriesOut}).
   */
  public static Result leaveOneSeriesOut(
      Path directory,
      Path windowsJson,
      SpikeDetector.Settings base,
      Grid grid,
      SpikeDetector.Settings reference)
      throws IOException {
    Map<String, List<NabEvaluation.Window>> windows = NabEvaluation.readWindows(windowsJson);
    return leaveOneSeriesOut(read(directory, windows), windows, base, grid, reference);
  }

  /** The CSVs of a directory that the windows list, by file name. */
  public static Map<String, List<SpikeDetector.Point>> read(
      Path directory, Map<String, List<NabEvaluation.Window>> windows) throws IOException {
    Map<String, List<SpikeDetector.Point>> series = new LinkedHashMap<>();
    try (Stream<Path> listing = Files.list(directory)) {
      for (Path file :
          listing.filter(p -> p.getFileName().toString().endsWith(".csv")).sorted().toList()) {
        String name = file.getFileName().toString();
        if (windows.containsKey(name)) {
          series.put(name, SeriesCsv.read(file));
        }
      }
    }
    return series;
  }

  /**
   * For each series in turn: the grid setting chosen on the other series (see the class comment;
   * the false-alarm budget is {@code reference}'s rate on them), measured on the held-out one.
   * {@code reference} must be one of the grid's settings over {@code base}.
   */
  public static Result leaveOneSeriesOut(
      Map<String, List<SpikeDetector.Point>> series,
      Map<String, List<NabEvaluation.Window>> windows,
      SpikeDetector.Settings base,
      Grid grid,
      SpikeDetector.Settings reference) {
    if (series.size() < 2) {
      throw new IllegalArgumentException("leave-one-series-out needs at least 2 series");
    }
    List<SpikeDetector.Settings> candidates = grid.settings(base);
    int ref = candidates.indexOf(reference);
    if (ref < 0) {
      throw new IllegalArgumentException("the reference settings are not in the grid");
    }
    List<String> names = List.copyOf(series.keySet());
    // scores[s][c]: series s under candidate c.
    NabEvaluation.SeriesScore[][] scores = new NabEvaluation.SeriesScore[names.size()][];
    for (int s = 0; s < names.size(); s++) {
      String name = names.get(s);
      List<NabEvaluation.Window> labelled = windows.get(name);
      if (labelled == null) {
        throw new IllegalArgumentException("no labelled windows for " + name);
      }
      scores[s] = scoreAll(name, series.get(name), labelled, base, candidates);
    }
    List<Fold> folds = new ArrayList<>();
    for (int h = 0; h < names.size(); h++) {
      Fold f = choose(scores, h, candidates, ref);
      folds.add(f);
    }
    // The same rule on every series: the settings to ship, with their in-sample figures.
    Fold all = choose(scores, -1, candidates, ref);
    return new Result(folds, all.chosen(), all.training());
  }

  /**
   * The rule of the class comment on every series but {@code excluded} (-1: none); the fold's
   * held-out score is null when none is excluded.
   */
  private static Fold choose(
      NabEvaluation.SeriesScore[][] scores,
      int excluded,
      List<SpikeDetector.Settings> candidates,
      int ref) {
    NabEvaluation.Report[] training = new NabEvaluation.Report[candidates.size()];
    for (int c = 0; c < candidates.size(); c++) {
      List<NabEvaluation.SeriesScore> others = new ArrayList<>();
      for (int s = 0; s < scores.length; s++) {
        if (s != excluded) {
          others.add(scores[s][c]);
        }
      }
      training[c] = new NabEvaluation.Report(others);
    }
    double budget = training[ref].falseAlarmsPerWeek();
    int best = ref;
    for (int c = 0; c < candidates.size(); c++) {
      NabEvaluation.Report t = training[c];
      if (t.falseAlarmsPerWeek() > budget + 1e-12) {
        continue;
      }
      NabEvaluation.Report b = training[best];
      if (t.windowsFlagged() > b.windowsFlagged()
          || (t.windowsFlagged() == b.windowsFlagged() && t.falseAlarms() < b.falseAlarms())
          || (t.windowsFlagged() == b.windowsFlagged()
              && t.falseAlarms() == b.falseAlarms()
              && c < best)) {
        best = c;
      }
    }
    return new Fold(
        candidates.get(best), training[best], budget, excluded < 0 ? null : scores[excluded][best]);
  }

  /** In-sample: one setting on every series. */
  public static NabEvaluation.Report inSample(
      Map<String, List<SpikeDetector.Point>> series,
      Map<String, List<NabEvaluation.Window>> windows,
      SpikeDetector.Settings settings) {
    List<NabEvaluation.SeriesScore> scores = new ArrayList<>();
    for (Map.Entry<String, List<SpikeDetector.Point>> e : series.entrySet()) {
      scores.add(
          scoreAll(e.getKey(), e.getValue(), windows.get(e.getKey()), settings, List.of(settings))[
              0]);
    }
    return new NabEvaluation.Report(scores);
  }

  /** One series under every candidate, each window length scored once. */
  private static NabEvaluation.SeriesScore[] scoreAll(
      String name,
      List<SpikeDetector.Point> points,
      List<NabEvaluation.Window> labelled,
      SpikeDetector.Settings base,
      List<SpikeDetector.Settings> candidates) {
    Map<List<Object>, SpikeDetector.Scores> cache = new HashMap<>();
    NabEvaluation.SeriesScore[] out = new NabEvaluation.SeriesScore[candidates.size()];
    for (int c = 0; c < candidates.size(); c++) {
      SpikeDetector.Settings candidate = candidates.get(c);
      SpikeDetector detector = new SpikeDetector(candidate);
      // Scores do not depend on the knobs that only judge them: candidates differing in those
      // alone share them.
      SpikeDetector.Settings scoring = with(candidate, List.of(), 1.0, Duration.ZERO, 1.0, 1.0);
      List<SpikeDetector.Scores> scores = new ArrayList<>();
      for (Duration w : detector.windows()) {
        double[] primary = scores.isEmpty() ? null : scores.get(0).score();
        scores.add(
            cache.computeIfAbsent(
                List.of(scoring, w), k -> detector.scoreWindow(points, w, primary)));
      }
      List<SpikeDetector.Result> results = detector.judge(points, scores);
      out[c] = NabEvaluation.score(name, results, labelled);
    }
    return out;
  }
}

package com.brandpulse.common;

import com.brandpulse.common.Progress.Snapshot;
import com.brandpulse.common.Progress.Stages;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a {@link Progress} snapshot reads: the plain line logged every log-every, the bar's title and
 * counts, and the time left at the phase's pace so far.
 */
public final class ProgressLine {
  private ProgressLine() {}

  /**
   * The plain line: {@code ingest (reading): 12/40 files, 310,000 records, 1m20s elapsed, ~2m10s
   * left}.
   */
  public static String line(Snapshot s) {
    List<String> parts = new ArrayList<>();
    if (s.total() > 0) {
      parts.add(Progress.number(s.done()) + "/" + Progress.number(s.total()) + " " + s.unit());
    }
    parts.addAll(details(s, true));
    parts.add(Progress.duration(s.elapsed()) + " elapsed");
    eta(s).ifPresent(left -> parts.add("~" + Progress.duration(left) + " left"));
    return title(s, ": ") + String.join(", ", parts);
  }

  /** Counts, then the stages: what follows the phase's own count. */
  static List<String> details(Snapshot s, boolean stages) {
    List<String> parts = new ArrayList<>();
    s.counts().forEach((name, value) -> parts.add(Progress.number(value) + " " + name));
    if (stages && s.stages() != null) {
      Stages st = s.stages();
      parts.add(
          (st.ids().size() == 1 ? "stage " + st.ids().get(0) : st.ids().size() + " stages")
              + " "
              + Progress.number(st.completed())
              + "/"
              + Progress.number(st.tasks())
              + " tasks");
    }
    return parts;
  }

  static String title(Snapshot s, String end) {
    List<String> where = new ArrayList<>();
    if (s.step() != null) {
      where.add(s.step());
    }
    if (s.phase() != null) {
      where.add(s.phase());
    }
    return s.command() + (where.isEmpty() ? "" : " (" + String.join(", ", where) + ")") + end;
  }

  /**
   * Time left in the phase at its pace so far: from its own count when it has one, else from the
   * running stages' tasks. Empty before anything is done, and once everything is.
   */
  public static Optional<Duration> eta(Snapshot s) {
    if (s.total() > 0) {
      return left(s.phaseElapsed(), s.done(), s.total());
    }
    return s.stages() == null
        ? Optional.empty()
        : left(s.stages().elapsed(), s.stages().completed(), s.stages().tasks());
  }

  private static Optional<Duration> left(Duration elapsed, long done, long total) {
    if (done <= 0 || done >= total) {
      return Optional.empty();
    }
    return Optional.of(
        Duration.ofNanos((long) (elapsed.toNanos() * ((double) (total - done) / done))));
  }
}

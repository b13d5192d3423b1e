package com.brandpulse.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.brandpulse.common.Progress;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every command that returns ends with one line on stderr with its time; stdout keeps the command's
 * output.
 */
class CommandSummaryTest {
  /** The closing line's time as Progress.duration writes it: 3.2s, 45s, 4m12s, 1h05m. */
  private static final String TIME = "(\\d+\\.\\ds|\\d+s|\\d+m\\d\\ds|\\d+h\\d\\dm)";

  record Run(int code, String out, List<String> err) {}

  static Run run(String... args) {
    StringWriter err = new StringWriter();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream oldOut = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      int code = BrandPulse.commandLine().setErr(new PrintWriter(err, true)).execute(args);
      return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString().lines().toList());
    } finally {
      System.setOut(oldOut);
    }
  }

  @Test
  void aCommandEndsWithItsTimeOnStderrAndItsExitCodeWhenNotZero(@TempDir Path dir) {
    Run stop = run("cluster", "stop", "--set", "cluster.dir=" + dir);
    assertEquals(0, stop.code, stop.err.toString());
    assertTrue(stop.out.startsWith("cluster: stopped"), stop.out);
    assertEquals(1, stop.err.size(), stop.err.toString());
    assertTrue(stop.err.get(0).matches("cluster stop: done in " + TIME), stop.err.get(0));

    Run status = run("cluster", "status", "--set", "cluster.dir=" + dir, "--no-progress");
    assertEquals(3, status.code, "no daemon runs");
    assertEquals(1, status.err.size(), status.err.toString());
    assertTrue(
        status.err.get(0).matches("cluster status: finished with exit code 3 in " + TIME),
        status.err.get(0));
  }

  @Test
  void helpAndAUsersMistakeHaveNoClosingLine(@TempDir Path warehouse) {
    Run help = run("ingest", "--help");
    assertEquals(0, help.code);
    assertEquals(List.of(), help.err);
    Run mistake =
        run(
            "ingest",
            "--input",
            "/nonexistent/posts",
            "--no-progress",
            "--warehouse",
            warehouse.toString());
    assertEquals(2, mistake.code);
    assertEquals(1, mistake.err.size(), "only the error: " + mistake.err);
    assertFalse(mistake.err.get(0).contains("done in"), mistake.err.get(0));
  }

  @Test
  void noProgressTurnsTheBarAndTheLinesOff() {
    CommonOptions options = new CommonOptions();
    new CommandLine(options).parseArgs("--no-progress");
    assertFalse(Progress.Settings.from(options.config()).enabled());
    assertTrue(
        Progress.Settings.from(new CommonOptions().config()).enabled(), "on by default (conf)");
  }
}

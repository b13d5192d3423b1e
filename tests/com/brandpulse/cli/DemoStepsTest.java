package com.brandpulse.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.brandpulse.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The demo stops at a step that fails, saying which and why, with its exit code; a start reaching
 * today is refused.
 */
@Tag("fast")
class DemoStepsTest {
  @Test
  void aStartThatWouldWritePostsDatedTodayIsRefusedBeforeAnythingIsWritten() {
    Path dir = TestSpark.newWarehouse("demo-start");
    LocalDate monday = com.brandpulse.gold.ReportingWeeks.weekStart(LocalDate.now(ZoneOffset.UTC));
    UserErrorsTest.Run r =
        UserErrorsTest.run(
            "demo",
            "--start",
            monday.toString(),
            "--weeks",
            "1",
            "--warehouse",
            dir.resolve("warehouse").toString(),
            "--archive",
            dir.resolve("archive").toString());
    assertEquals(2, r.code());
    assertEquals(1, r.lines().size(), r.err());
    assertTrue(
        r.err()
            .startsWith(
                "brandpulse demo: --start " + monday + " with --weeks 1 would write posts up to "),
        r.err());
    assertFalse(Files.exists(dir.resolve("archive")), "nothing generated");
  }

  @Test
  void aStepThatFailsStopsTheDemoNamingIt() {
    TestSpark.get();
    Path dir = TestSpark.newWarehouse("demo-stops");
    UserErrorsTest.Run r =
        UserErrorsTest.run(
            "demo",
            "--posts",
            "200",
            "--weeks",
            "1",
            "--warehouse",
            dir.resolve("warehouse").toString(),
            "--archive",
            dir.resolve("archive").toString(),
            "--set",
            "ingest.max-text-chars=lots");
    assertEquals(2, r.code(), r.err());
    List<String> lines = r.lines();
    assertEquals(1, lines.size(), r.err());
    assertTrue(
        lines.get(0).startsWith("brandpulse demo: the ingest step failed: configuration: ")
            && lines.get(0).contains("max-text-chars")
            && lines.get(0).endsWith("; the demo stopped there"),
        r.err());
    assertFalse(Files.exists(dir.resolve("warehouse/silver")), "nothing after ingest ran");
  }
}

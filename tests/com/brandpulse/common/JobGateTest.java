package com.brandpulse.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.brandpulse.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Tables created in one commit with their constraints, and the skip decision jobs make from the
 * logs alone.
 */
@Tag("fast")
class JobGateTest {
  private static final SparkSession SPARK = TestSpark.get();
  private static final TableContract PROBE =
      TableContract.of("ops", "gate_probe", "one row per id")
          .columns("id INT NOT NULL COMMENT 'the key', note STRING")
          .key("id")
          .check("positive_id", "id > 0");

  private static void append(String warehouse, int id) {
    PROBE
        .conform(PROBE.fixture(SPARK, List.of(RowFactory.create(id, "n" + id))))
        .write()
        .format("delta")
        .mode("append")
        .save(PROBE.path(warehouse));
  }

  @Test
  void aTableIsCreatedWithItsConstraintsInOneCommit() throws Exception {
    String wh = TestSpark.newWarehouse("gate-create").toString();
    assertEquals(DeltaVersions.ABSENT, DeltaVersions.stamp(SPARK, PROBE.path(wh)));
    assertFalse(PROBE.exists(SPARK, wh));
    PROBE.ensure(SPARK, wh);
    assertTrue(
        DeltaVersions.stamp(SPARK, PROBE.path(wh)).startsWith("v0@"), "created in commit 0 alone");
    try (var files = Files.list(Path.of(PROBE.path(wh), "_delta_log"))) {
      assertEquals(
          List.of("00000000000000000000.json"),
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".json"))
              .sorted()
              .toList());
    }
    Set<String> properties =
        SPARK.sql("SHOW TBLPROPERTIES " + PROBE.pathIdentifier(wh)).collectAsList().stream()
            .map(r -> r.getString(0) + "=" + r.getString(1))
            .collect(Collectors.toSet());
    assertTrue(properties.contains("delta.constraints.positive_id=id > 0"), properties.toString());
    // The constraint holds: a row breaking it is refused and the table stays at commit 0.
    assertThrows(Exception.class, () -> append(wh, -1));
    assertTrue(DeltaVersions.stamp(SPARK, PROBE.path(wh)).startsWith("v0@"));
    append(wh, 7);
    assertTrue(DeltaVersions.stamp(SPARK, PROBE.path(wh)).startsWith("v1@"));
    PROBE.ensure(SPARK, wh); // known: no second look, no commit
    assertTrue(DeltaVersions.stamp(SPARK, PROBE.path(wh)).startsWith("v1@"));
    assertEquals(
        List.of(7), PROBE.read(SPARK, wh).collectAsList().stream().map(r -> r.getInt(0)).toList());
  }

  /**
   * A table written before its contract gained a nullable column, a CHECK constraint, personal
   * columns and the change feed (as a deployment upgraded in place finds it) gets all of them when
   * its writer ensures it, and keeps its rows.
   */
  @Test
  void aTableWrittenBeforeItsContractGrewGetsWhatTheContractAdded() {
    String wh = TestSpark.newWarehouse("gate-grown").toString();
    TableContract grown =
        TableContract.of("ops", "gate_grown", "one row per id")
            .columns("id INT NOT NULL COMMENT 'the key', note STRING, score DOUBLE")
            .key("id")
            .personal("note")
            .check("positive_id", "id > 0")
            .changeFeed();
    SPARK
        .createDataFrame(
            List.of(RowFactory.create(3)),
            new org.apache.spark.sql.types.StructType().add("id", "int", false))
        .write()
        .format("delta")
        .save(grown.path(wh));

    grown.ensure(SPARK, wh);

    DeltaMetadata now = DeltaMetadata.of(SPARK, grown.path(wh)).orElseThrow();
    assertEquals(Set.of("id", "note", "score"), now.columns());
    assertEquals("id > 0", now.properties().get("delta.constraints.positive_id"));
    assertEquals("true", now.properties().get(ChangeFeed.PROPERTY));
    assertEquals(
        "id,score",
        now.properties().get("delta.dataSkippingStatsColumns"),
        "no statistics of the personal column");
    Row kept = grown.read(SPARK, wh).collectAsList().get(0);
    assertEquals(3, kept.getInt(0));
    assertTrue(kept.isNullAt(1) && kept.isNullAt(2), "old rows: the new columns are NULL");
    assertThrows(
        Exception.class,
        () ->
            grown
                .conform(grown.fixture(SPARK, List.of(RowFactory.create(-1, "x", 1.0))))
                .write()
                .format("delta")
                .mode("append")
                .save(grown.path(wh)),
        "the added constraint holds");
  }

  @Test
  void aTableAJobOnlyReadsIsNotCreated() {
    String wh = TestSpark.newWarehouse("gate-read").toString();
    assertEquals(0, PROBE.readOrEmpty(SPARK, wh).count());
    assertEquals(List.of(PROBE.columnNames()), List.of(PROBE.readOrEmpty(SPARK, wh).columns()));
    assertFalse(Files.exists(Path.of(PROBE.path(wh))), "reading an absent table creates nothing");
  }

  @Test
  void theGateOpensOnlyWhenATableOrTheSettingsChanged() {
    String wh = TestSpark.newWarehouse("gate-decide").toString();
    PROBE.ensure(SPARK, wh);
    JobGate gate = JobGate.of(SPARK, wh, "probe", "threshold=1", List.of(PROBE));
    assertFalse(gate.unchanged(), "never ran: run");
    gate.record();
    assertTrue(gate.unchanged(), "nothing changed since the recorded run");
    assertTrue(
        JobGate.of(SPARK, wh, "probe", "threshold=1", List.of(PROBE)).unchanged(),
        "a new run, same state");

    append(wh, 1);
    assertFalse(gate.unchanged(), "a commit to a table it reads or writes");
    gate.record();
    assertTrue(gate.unchanged());

    assertFalse(
        JobGate.of(SPARK, wh, "probe", "threshold=2", List.of(PROBE)).unchanged(),
        "other settings");
    assertFalse(
        JobGate.of(SPARK, wh, "other-job", "threshold=1", List.of(PROBE)).unchanged(),
        "each job its own");

    gate.clear();
    assertFalse(gate.unchanged(), "no state: run");
    gate.record();
    Row before = PROBE.read(SPARK, wh).first();
    assertEquals(1, before.getInt(0));
    assertThrows(
        IllegalArgumentException.class, () -> JobGate.of(SPARK, wh, "../escape", "", List.of()));
  }
}

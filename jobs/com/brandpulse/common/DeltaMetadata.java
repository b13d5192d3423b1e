package com.brandpulse.common;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.delta.actions.Metadata;

/**
 * A Delta table's identity, properties and column names as its latest snapshot holds them. Read
 * from the snapshot's metadata action, which Delta keeps with the snapshot the job's own reads use,
 * instead of {@code DESCRIBE DETAIL}, which also counts the table's files and bytes (a Spark job
 * over the table's state: 0.8-1.3 s right after a commit against 4-39 ms this way, or a SQL command
 * and a schema lookup: docs/benchmarks.md, stop 35). {@code DeltaLog} is Delta's internal API, kept
 * to this one class: the pom pins the Delta version.
 */
public record DeltaMetadata(
    String id, long version, Map<String, String> properties, Set<String> columns) {

  /** The table at {@code path} as it stands now, or empty when there is no Delta table there. */
  public static Optional<DeltaMetadata> of(SparkSession spark, String path) {
    if (!DeltaVersions.exists(spark, path)) {
      return Optional.empty(); // no DeltaLog kept in Delta's cache for a folder without a table
    }
    DeltaLog log = DeltaLog.forTable(spark, new Path(path));
    Snapshot snapshot =
        log.update(log.update$default$1(), log.update$default$2(), log.update$default$3());
    if (snapshot.version() < 0) {
      return Optional.empty();
    }
    Metadata metadata = snapshot.metadata();
    return Optional.of(
        new DeltaMetadata(
            metadata.id(),
            snapshot.version(),
            Map.copyOf(scala.jdk.javaapi.CollectionConverters.asJava(metadata.configuration())),
            Set.of(metadata.schema().fieldNames())));
  }
}

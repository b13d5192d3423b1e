import static org.apache.spark.sql.functions.expr;

import com.brandpulse.common.TableContract;
import com.brandpulse.common.Tables;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;

/**
 * The content of every Delta table of a warehouse as one line per table: row count and an
 * order-free digest of its rows, without the columns that say when or in which run a row was
 * written (those differ between any two runs). Two warehouses with the same lines hold the same
 * data. Usage (bench/chaos.sh): {@code bench/run.sh TableDigest WAREHOUSE}. Append-only run logs
 * (ops.ingest_runs, ops.alerts_sent) are left out: a rerun after a crash logs its own attempt.
 */
public final class TableDigest {
  /** When or by which run: differ between two runs that wrote the same data. */
  private static final Set<String> VOLATILE =
      Set.of(
          "ingest_run_id",
          "ingested_at",
          "ingest_date",
          "first_seen_at",
          "updated_at",
          "quarantined_at",
          "enriched_at",
          "scored_at",
          "computed_at",
          "loaded_at",
          "run_id",
          "trained_at",
          "registered_at",
          "promoted_at",
          "detected_at",
          "requested_at",
          "completed_at");

  private static final Set<String> LOGS =
      Set.of("ops.ingest_runs", "ops.alerts_sent", "ops.erasure_requests");

  public static void main(String[] args) {
    SparkSession spark = SparkSession.builder().appName("table-digest").getOrCreate();
    String warehouse = args[0];
    List<String> lines = new ArrayList<>();
    for (TableContract t : Tables.ALL) {
      String name = t.qualifiedName();
      if (LOGS.contains(name) || !t.exists(spark, warehouse)) {
        continue;
      }
      Dataset<Row> rows = t.read(spark, warehouse);
      List<String> kept = new ArrayList<>();
      for (StructField f : rows.schema().fields()) {
        if (!VOLATILE.contains(f.name())) {
          // a map's hash depends on its entries' order: hash its entries sorted
          kept.add(
              f.dataType() instanceof MapType
                  ? "array_sort(map_entries(`" + f.name() + "`))"
                  : "`" + f.name() + "`");
        }
      }
      Row r =
          rows.select(
                  expr("xxhash64(" + String.join(",", kept) + ")").cast("decimal(38,0)").as("h"))
              .agg(expr("count(*)"), expr("coalesce(sum(h), 0)"))
              .first();
      lines.add(String.format("%-34s %9d %s", name, r.getLong(0), r.get(1)));
    }
    lines.forEach(System.out::println);
    spark.stop();
  }
}

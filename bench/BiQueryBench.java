import com.brandpulse.common.AppConfig;
import com.brandpulse.common.TableContract;
import com.brandpulse.gold.CrisisTables;
import com.brandpulse.gold.GoldTables;
import com.brandpulse.serving.Publisher;
import com.brandpulse.serving.ServingSettings;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.TimestampType;

/**
 * BI query latencies on PostgreSQL over one year of weeks for 50 brands: synthetic gold rows
 * (generated from the gold contracts) are written to Delta, published with {@code publish} (timed:
 * first load, a rerun, one changed week), then the typical dashboard queries run N times each
 * against the bi views over JDBC (every row fetched); median, p95 and max reported. Usage:
 * bench/bi.sh [RUNS] (starts PostgreSQL with bin/postgres), or bench/run.sh BiQueryBench WAREHOUSE
 * RUNS --set ...
 */
public final class BiQueryBench {
  static final int BRANDS = 50;
  static final int WEEKS = 52;
  static final List<String> PLATFORMS = List.of("twitter", "reddit", "all");
  static final int SIGNALS_PER_CELL = 4;
  static final LocalDate FIRST_WEEK = LocalDate.of(2025, 10, 6);

  public static void main(String[] args) throws Exception {
    String warehouse = args[0];
    int runs = Integer.parseInt(args[1]);
    List<String> overrides = new ArrayList<>(Arrays.asList(args).subList(2, args.length));
    overrides.removeIf(a -> a.equals("--set"));
    AppConfig config =
        AppConfig.load(null, overrides, System.getenv()).with("warehouse", warehouse);
    ServingSettings settings = ServingSettings.from(config);
    SparkSession spark = SparkSession.builder().appName("bi-query-bench").getOrCreate();

    TableContract health = GoldTables.BRAND_HEALTH_WEEKLY;
    TableContract signals = CrisisTables.GOLD_CRISIS_SIGNALS;
    for (TableContract c : List.of(health, signals)) {
      if (!c.exists(spark, warehouse)) {
        // Written without ensure(): the generated values do not try to satisfy the contracts'
        // CHECKs.
        c.fixture(spark, rows(c))
            .repartition(4)
            .write()
            .format("delta")
            .mode("append")
            .save(c.path(warehouse));
      }
      System.out.printf(
          "%s: %,d rows in Delta%n", c.qualifiedName(), c.read(spark, warehouse).count());
    }

    List<TableContract> tables = List.of(health, signals);
    time(
        "publish, first load (PostgreSQL empty)",
        () ->
            Publisher.publish(spark, warehouse, tables, settings, "bench-1", null, Instant.now()));
    time(
        "publish, rerun (nothing changed)",
        () ->
            Publisher.publish(spark, warehouse, tables, settings, "bench-2", null, Instant.now()));
    LocalDate lastWeek = FIRST_WEEK.plusWeeks(WEEKS - 1);
    // One brand leaves the last week: that week, and only it, is copied again.
    spark.sql(
        "DELETE FROM "
            + health.pathIdentifier(warehouse)
            + " WHERE week_start = '"
            + lastWeek
            + "' AND brand_id = 'brand-00'");
    time(
        "publish, one week changed",
        () ->
            Publisher.publish(spark, warehouse, tables, settings, "bench-3", null, Instant.now()));

    String h = "bi." + health.name();
    String s = "bi." + signals.name();
    Random random = new Random(7);
    LocalDate quarterStart = lastWeek.minusWeeks(12);
    List<String> signalIds =
        signals
            .read(spark, warehouse)
            .where("week_start >= DATE'" + quarterStart + "'")
            .select("signal_id")
            .as(org.apache.spark.sql.Encoders.STRING())
            .collectAsList();
    List<Query> queries =
        List.of(
            new Query(
                "a brand's last 12 weeks (all platforms)",
                "SELECT * FROM "
                    + h
                    + " WHERE brand_id = ? AND week_start > ? ORDER BY week_start, platform",
                ps -> set(ps, brand(random), Date.valueOf(lastWeek.minusWeeks(12)))),
            new Query(
                "all brands for one week",
                "SELECT * FROM " + h + " WHERE week_start = ? ORDER BY brand_id, platform",
                ps -> set(ps, Date.valueOf(FIRST_WEEK.plusWeeks(random.nextInt(WEEKS))))),
            // The list view: the signals without their nested drivers and posts, which open per
            // signal below.
            new Query(
                "crisis signals of a quarter (all brands)",
                "SELECT * FROM "
                    + s
                    + " WHERE week_start >= ? AND week_start < ? ORDER BY week_start, brand_id",
                ps ->
                    set(ps, Date.valueOf(quarterStart), Date.valueOf(quarterStart.plusWeeks(13)))),
            // For comparison: the same rows with the nested columns as jsonb (what the list view
            // leaves out).
            new Query(
                "the same from the table, jsonb included",
                "SELECT * FROM gold."
                    + signals.name()
                    + " WHERE week_start >= ? AND week_start < ? ORDER BY week_start, brand_id",
                ps ->
                    set(ps, Date.valueOf(quarterStart), Date.valueOf(quarterStart.plusWeeks(13)))),
            new Query(
                "a brand's crisis signals of a quarter",
                "SELECT * FROM "
                    + s
                    + " WHERE brand_id = ? AND week_start >= ? AND week_start < ? ORDER BY week_start",
                ps ->
                    set(
                        ps,
                        brand(random),
                        Date.valueOf(quarterStart),
                        Date.valueOf(quarterStart.plusWeeks(13)))),
            new Query(
                "one signal's representative posts",
                "SELECT * FROM "
                    + s
                    + "_representative_posts"
                    + " WHERE signal_id = ? ORDER BY ordinal",
                ps -> set(ps, signalIds.get(random.nextInt(signalIds.size())))),
            new Query(
                "drivers of a quarter's signals (all brands)",
                "SELECT * FROM "
                    + s
                    + "_drivers"
                    + " WHERE week_start >= ? AND week_start < ? ORDER BY week_start, brand_id, signal_id, ordinal",
                ps ->
                    set(ps, Date.valueOf(quarterStart), Date.valueOf(quarterStart.plusWeeks(13)))));

    System.out.printf(
        "%n%d runs each after 20 warm-up runs; JDBC, every row fetched; target < 200 ms%n", runs);
    System.out.printf("%-44s %6s %9s %9s %9s%n", "query", "rows", "median ms", "p95 ms", "max ms");
    try (Connection conn = settings.connect()) {
      conn.setReadOnly(true);
      for (Query q : queries) {
        try (PreparedStatement ps = conn.prepareStatement(q.sql())) {
          double[] ms = new double[runs];
          long rows = 0;
          for (int i = -20; i < runs; i++) {
            q.bind().accept(ps);
            long t0 = System.nanoTime();
            long n = 0;
            try (ResultSet rs = ps.executeQuery()) {
              int columns = rs.getMetaData().getColumnCount();
              while (rs.next()) {
                for (int c = 1; c <= columns; c++) {
                  rs.getObject(c);
                }
                n++;
              }
            }
            if (i >= 0) {
              ms[i] = (System.nanoTime() - t0) / 1e6;
              rows = n;
            }
          }
          conn.rollback();
          Arrays.sort(ms);
          System.out.printf(
              "%-44s %6d %9.2f %9.2f %9.2f%n",
              q.name(), rows, ms[runs / 2], ms[(int) Math.ceil(runs * 0.95) - 1], ms[runs - 1]);
        }
      }
    }
  }

  record Query(String name, String sql, Consumer<PreparedStatement> bind) {}

  static void set(PreparedStatement ps, Object... values) {
    try {
      for (int i = 0; i < values.length; i++) {
        ps.setObject(i + 1, values[i]);
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static String brand(Random r) {
    return String.format("brand-%02d", r.nextInt(BRANDS));
  }

  interface Step {
    Object run() throws Exception;
  }

  static void time(String what, Step step) throws Exception {
    long t0 = System.nanoTime();
    Object result = step.run();
    long rows =
        ((Publisher.Result) result).tables().stream().mapToLong(Publisher.TableResult::rows).sum();
    System.out.printf(
        "%-40s %8.2f s, %,d rows copied%n", what, (System.nanoTime() - t0) / 1e9, rows);
  }

  /**
   * Rows for any contract: one per week x brand x platform cell (several when the key has other
   * columns, which then get distinct values), other columns filled by type with seeded values.
   */
  static List<Row> rows(TableContract c) {
    Set<String> grid = Set.of("week_start", "brand_id", "platform");
    int perCell = grid.containsAll(c.key()) ? 1 : SIGNALS_PER_CELL;
    List<String> platforms =
        List.of(c.columnNames()).contains("platform") ? PLATFORMS : List.of("-");
    Random random = new Random(42);
    List<Row> rows = new ArrayList<>();
    long n = 0;
    for (int w = 0; w < WEEKS; w++) {
      LocalDate week = FIRST_WEEK.plusWeeks(w);
      for (int b = 0; b < BRANDS; b++) {
        for (String platform : platforms) {
          for (int k = 0; k < perCell; k++, n++) {
            Object[] values = new Object[c.schema().fields().length];
            for (int i = 0; i < values.length; i++) {
              StructField f = c.schema().fields()[i];
              boolean key = c.key().contains(f.name());
              values[i] =
                  switch (f.name()) {
                    case "week_start" -> Date.valueOf(week);
                    case "brand_id" -> String.format("brand-%02d", b);
                    case "platform" -> platform;
                    default -> value(f.dataType(), random, week, n, key, k);
                  };
            }
            rows.add(RowFactory.create(values));
          }
        }
      }
    }
    return rows;
  }

  static Object value(DataType t, Random r, LocalDate week, long n, boolean key, int k) {
    if (t instanceof StringType)
      return key ? "k" + n : List.of("low", "medium", "high").get(r.nextInt(3));
    if (t instanceof LongType) return key ? n : (long) r.nextInt(5000);
    if (t instanceof IntegerType) return key ? (int) n : r.nextInt(1000);
    if (t instanceof ShortType) return (short) r.nextInt(100);
    if (t instanceof DoubleType) return Math.round(r.nextGaussian() * 1000) / 1000.0;
    if (t instanceof FloatType) return (float) r.nextGaussian();
    if (t instanceof DecimalType d)
      return BigDecimal.valueOf(r.nextInt(10000), Math.min(4, d.scale()));
    if (t instanceof BooleanType) return r.nextBoolean();
    if (t instanceof DateType) return Date.valueOf(week.plusDays(key ? k : r.nextInt(7)));
    if (t instanceof TimestampType)
      return Timestamp.from(
          week.atStartOfDay()
              .toInstant(ZoneOffset.UTC)
              .plusSeconds(key ? 3600L * (k * 37 % 168) : r.nextInt(7 * 86400)));
    if (t instanceof ArrayType a
        && a.elementType() instanceof org.apache.spark.sql.types.StructType st) {
      List<Row> elements = new ArrayList<>();
      for (int e = 0; e < 6; e++) { // a signal carries 3 most engaged + 3 most typical posts
        Object[] v = new Object[st.fields().length];
        for (int i = 0; i < v.length; i++) {
          v[i] =
              st.fields()[i].dataType() instanceof StringType
                  ? "a typical post about the brand's delayed flight and the refund it never got, #"
                      + r.nextInt(1000)
                  : value(st.fields()[i].dataType(), r, week, n, false, k);
        }
        elements.add(RowFactory.create(v));
      }
      return scala.jdk.javaapi.CollectionConverters.asScala(elements).toSeq();
    }
    if (t instanceof ArrayType)
      return scala.jdk.javaapi.CollectionConverters.asScala(List.of("delay", "refund")).toSeq();
    if (t instanceof MapType)
      return scala.jdk.javaapi.CollectionConverters.asScala(Map.of("a", "1"));
    return null;
  }
}

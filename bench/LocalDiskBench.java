import com.brandpulse.common.LocalDisk;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Small Delta commits on the local disk through Hadoop's local file system (a chmod process per
 * file and folder, two readlink processes per commit without Hadoop's native library) against
 * LocalDisk (the same through java.nio), side by side in one JVM: rounds alternate, each a new
 * table with COMMITS appends of 100 rows. Prints each round, the medians and their ratio, with the
 * JVM's CPU time (the forks' cost shows as the parent's system time). Usage: LocalDiskBench
 * [COMMITS] [ROUNDS] (default 30 and 3 per file system).
 */
public final class LocalDiskBench {
  private static final String[][] SYSTEMS = {
    {"hadoop", "org.apache.hadoop.fs.LocalFileSystem", "org.apache.hadoop.fs.local.LocalFs"},
    {"LocalDisk", LocalDisk.FileSystem.class.getName(), LocalDisk.Fs.class.getName()}
  };

  public static void main(String[] args) throws Exception {
    int commits = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    SparkSession spark =
        SparkSession.builder().appName("brandpulse-bench-local-disk").getOrCreate();
    Path dir = Files.createTempDirectory("local-disk-bench");
    Dataset<Row> rows = spark.range(100).selectExpr("id", "concat('post ', id) AS text").cache();
    rows.count();
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    List<List<double[]>> measured = List.of(new ArrayList<>(), new ArrayList<>());
    for (int r = -1; r < rounds; r++) { // round -1 warms both up
      for (int s = 0; s < SYSTEMS.length; s++) {
        String used = use(spark, SYSTEMS[s], dir);
        String table = dir.resolve(SYSTEMS[s][0] + "-" + r).toString();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        for (int c = 0; c < commits; c++) {
          rows.write().format("delta").mode("append").save(table);
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
        long count = spark.read().format("delta").load(table).count();
        if (count != 100L * commits) {
          throw new IllegalStateException(table + ": " + count + " rows");
        }
        System.out.printf(
            "round %d %-9s (%s): %d commits in %.2f s, JVM CPU %.2f s%n",
            r, SYSTEMS[s][0], used, commits, wall, cpu);
        if (r >= 0) {
          measured.get(s).add(new double[] {wall, cpu});
        }
      }
    }
    double[] hadoop = medians(measured.get(0));
    double[] local = medians(measured.get(1));
    System.out.printf(
        "median of %d rounds, %d commits each: hadoop %.2f s (CPU %.2f s), LocalDisk %.2f s (CPU %.2f"
            + " s); per commit %.0f ms against %.0f ms; ratio LocalDisk/hadoop %.2f (CPU %.2f)%n",
        rounds,
        commits,
        hadoop[0],
        hadoop[1],
        local[0],
        local[1],
        1000 * hadoop[0] / commits,
        1000 * local[0] / commits,
        local[0] / hadoop[0],
        local[1] / hadoop[1]);
    spark.stop();
  }

  /** Chooses a file system for file: in the session and returns the class a new write gets. */
  private static String use(SparkSession spark, String[] system, Path dir) throws Exception {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    hadoop.set("fs.file.impl", system[1]);
    hadoop.set("fs.AbstractFileSystem.file.impl", system[2]);
    spark.conf().set("spark.hadoop.fs.file.impl", system[1]);
    spark.conf().set("spark.hadoop.fs.AbstractFileSystem.file.impl", system[2]);
    FileSystem.closeAll(); // cached instances keep the class they were made with
    Configuration session = spark.sessionState().newHadoopConf();
    return new org.apache.hadoop.fs.Path(dir.toUri())
            .getFileSystem(session)
            .getClass()
            .getSimpleName()
        + ", "
        + org.apache.hadoop.fs.FileContext.getFileContext(dir.toUri(), session)
            .getDefaultFileSystem()
            .getClass()
            .getSimpleName();
  }

  private static double[] medians(List<double[]> runs) {
    double[] out = new double[2];
    for (int i = 0; i < 2; i++) {
      final int k = i;
      double[] v = runs.stream().mapToDouble(x -> x[k]).sorted().toArray();
      out[i] = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
    return out;
  }
}

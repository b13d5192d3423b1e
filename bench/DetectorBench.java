import com.brandpulse.gold.CrisisSeries;
import com.brandpulse.gold.SeriesCsv;
import com.brandpulse.gold.SpikeDetector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Crisis detector benchmark, one thread, no Spark: points judged per second on the shared NAB
 * realTweets series (5-minute steps) and on hourly series of a year as the crisis job keeps them
 * (counts and negative share, 8,904 points each, like the 288 series per granularity of the
 * 300k-post benchmark year). Usage: DetectorBench NAB_DATA_DIR [ROUNDS] (e.g.
 * ../shared/data/nab-realTweets/data/realTweets). The first round warms the JIT and is not counted.
 */
public final class DetectorBench {
  public static void main(String[] args) throws Exception {
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    List<List<SpikeDetector.Point>> nab = new ArrayList<>();
    try (Stream<Path> files = Files.list(Paths.get(args[0]))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".csv")).sorted().toList()) {
        nab.add(SeriesCsv.read(f));
      }
    }
    SpikeDetector fiveMinutes = new SpikeDetector(SpikeDetector.Settings.DEFAULTS);
    SpikeDetector hourly = new SpikeDetector(SpikeDetector.Settings.DEFAULTS);
    Random random = new Random(11);
    int hours = 8_904;
    long first = 1_763_942_400L; // a Monday
    List<List<CrisisSeries.Bucket>> year = new ArrayList<>();
    for (int s = 0; s < 8; s++) {
      List<CrisisSeries.Bucket> b = new ArrayList<>();
      for (int h = 0; h < hours; h++) {
        double scored =
            Math.max(0, Math.round(4 + 3 * Math.sin(2 * Math.PI * h / 24) + random.nextGaussian()));
        double negative = Math.max(0, Math.round(scored * 0.3 + random.nextGaussian()));
        if (scored > 0) {
          b.add(new CrisisSeries.Bucket(first + h * 3_600L, negative, scored));
        }
      }
      year.add(b);
    }
    long last = first + (hours - 1) * 3_600L;
    for (int round = 0; round <= rounds; round++) {
      long points = 0;
      long t0 = System.nanoTime();
      for (List<SpikeDetector.Point> series : nab) {
        points += fiveMinutes.detect(series).size();
      }
      double nabSeconds = (System.nanoTime() - t0) / 1e9;
      long flags = 0;
      t0 = System.nanoTime();
      for (List<CrisisSeries.Bucket> b : year) {
        for (boolean share : new boolean[] {false, true}) {
          flags += CrisisSeries.detect(hourly, 3_600, first, last, b, share).flags().size();
        }
      }
      double yearSeconds = (System.nanoTime() - t0) / 1e9;
      System.out.printf(
          "round %d%s: NAB %d points %.3f s (%.0f points/s); hourly year %d series x %d points %.3f s"
              + " (%.1f ms per series, %d flags)%n",
          round,
          round == 0 ? " (warm-up)" : "",
          points,
          nabSeconds,
          points / nabSeconds,
          2 * year.size(),
          hours,
          yearSeconds,
          yearSeconds * 1e3 / (2 * year.size()),
          flags);
    }
  }
}

import com.brandpulse.common.AppConfig;
import com.brandpulse.common.Pseudonymizer;
import com.brandpulse.ingest.TextCleaner;
import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * Masking benchmark: post texts per second through TextCleaner (twitter-text, libphonenumber over
 * the configured regions), against the same with no national region (international numbers only)
 * and against a bare pass that only copies each text, all on one thread in one run. Usage:
 * MaskingBench CSV TEXT_COLUMN [ROUNDS] (e.g.
 * ../shared/data/twitter-us-airline-sentiment/Tweets.csv text).
 */
public final class MaskingBench {
  public static void main(String[] args) {
    CsvParserSettings csv = new CsvParserSettings();
    csv.setHeaderExtractionEnabled(true);
    csv.setMaxCharsPerColumn(1 << 20);
    List<String> texts = new ArrayList<>();
    new CsvParser(csv)
        .parseAllRecords(Paths.get(args[0]).toFile())
        .forEach(
            r -> {
              String t = r.getString(args[1]);
              if (t != null) {
                texts.add(t);
              }
            });
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    Pseudonymizer p = new Pseudonymizer("bench-key-0123456789abcdef");
    List<String> regions = AppConfig.defaults().get().getStringList("privacy.phone-regions");
    TextCleaner configured = new TextCleaner(p, regions);
    TextCleaner international = new TextCleaner(p, List.of());
    measure("warm-up", texts, 1, t -> configured.clean(t, "twitter").text());
    double copy = measure("copy only", texts, rounds, t -> new String(t.toCharArray()));
    double intl =
        measure(
            "mask, international numbers only",
            texts,
            rounds,
            t -> international.clean(t, "twitter").text());
    double full =
        measure(
            "mask, " + regions.size() + " regions",
            texts,
            rounds,
            t -> configured.clean(t, "twitter").text());
    System.out.printf(
        "%d texts; masking costs %.1f us a post with the regions, %.1f us without (copy %.2f us)%n",
        texts.size(), 1e6 / full, 1e6 / intl, 1e6 / copy);
  }

  private static double measure(
      String name, List<String> texts, int rounds, java.util.function.Function<String, String> f) {
    long chars = 0;
    long t0 = System.nanoTime();
    for (int r = 0; r < rounds; r++) {
      for (String t : texts) {
        chars += f.apply(t).length();
      }
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    double perSecond = texts.size() * (double) rounds / secs;
    System.out.printf("%-40s %10.0f texts/s (%d chars out)%n", name, perSecond, chars);
    return perSecond;
  }
}

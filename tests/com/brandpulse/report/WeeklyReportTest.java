package com.brandpulse.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.brandpulse.SetUpScripts;
import com.brandpulse.TestSpark;
import com.brandpulse.cli.BrandPulse;
import com.brandpulse.common.TableContract;
import com.brandpulse.common.Tables;
import com.brandpulse.gold.CrisisTables;
import com.brandpulse.gold.GoldTables;
import com.brandpulse.gold.ReportingWeeks;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The weekly report from fixture gold tables built from their contracts: two own brands and three
 * competitors over four weeks, complaint themes, advocates and crisis signals with posts (one post
 * carrying a script tag). Figures and arrows expected here are worked out by hand from the fixture
 * numbers, not by the report's code. Then the page is opened in headless Chromium (installed by
 * bin/setup-chromium when missing): no console message, no error event, every chart drawn; a
 * screenshot lands in target/report-screenshot.png. Deliberately broken copies of the page prove
 * the browser check catches an empty chart, an SVG error and a network fetch.
 */
class WeeklyReportTest {
  private static final String ZONE = "Asia/Seoul";
  private static final LocalDate W37 = ReportingWeeks.parse("2026-W37");
  private static final LocalDate W39 = ReportingWeeks.parse("2026-W39");
  private static final LocalDate W40 = ReportingWeeks.parse("2026-W40");
  private static final List<LocalDate> WEEKS = List.of(W37, W37.plusWeeks(1), W39, W40);
  private static final Instant GENERATED = Instant.parse("2026-10-05T00:30:00Z");
  private static final Map<String, List<String>> COMPETITOR_SETS =
      Map.of(
          "aurora-air", List.of("zephyr-airlines", "nimbus-jet"),
          "hanbit-electronics", List.of("saebyeol-mobile"),
          "zephyr-airlines", List.of("aurora-air", "nimbus-jet"),
          "nimbus-jet", List.of("aurora-air", "zephyr-airlines"),
          "saebyeol-mobile", List.of("hanbit-electronics"));
  private static final String SCRIPT_POST =
      "Flight AA12 delayed 5h <script>alert('pwned')</script> & no one at"
          + " the gate https://t.co/abc123 \"thanks\"";
  private static final Path ROOT = TestSpark.projectRoot();

  private static Path warehouse;
  private static Path out;
  private static String page40;
  private static String page39;
  private static Path file40;
  private static Path file39;
  private static long renderMillis;

  @BeforeAll
  static void goldTablesAndPages() throws Exception {
    SparkSession spark = TestSpark.get();
    warehouse = TestSpark.newWarehouse("report").resolve("warehouse");
    out = warehouse.getParent().resolve("reports");
    long start = System.nanoTime();
    write(spark, GoldTables.BRAND_HEALTH_WEEKLY, brandHealth());
    write(spark, GoldTables.ADVOCACY_WEEKLY, advocacy());
    write(spark, Tables.GOLD_COMPLAINT_THEMES_WEEKLY, themes());
    write(spark, CrisisTables.GOLD_CRISIS_SIGNALS, signals());
    write(spark, CrisisTables.GOLD_CRISIS_WEEKLY, crisisWeekly());
    System.out.printf(
        "report: fixture gold tables written in %.1f s%n", (System.nanoTime() - start) / 1e9);
    start = System.nanoTime();
    file40 = WeeklyReport.write(spark, warehouse.toString(), options(W40), out);
    renderMillis = (System.nanoTime() - start) / 1_000_000;
    System.out.printf(
        "report: 2026-W40 read and rendered in %d ms (%d bytes)%n",
        renderMillis, Files.size(file40));
    start = System.nanoTime();
    file39 = WeeklyReport.write(spark, warehouse.toString(), options(W39), out);
    System.out.printf(
        "report: 2026-W39 read and rendered in %d ms%n", (System.nanoTime() - start) / 1_000_000);
    page40 = Files.readString(file40, StandardCharsets.UTF_8);
    page39 = Files.readString(file39, StandardCharsets.UTF_8);
  }

  private static WeeklyReport.Options options(LocalDate week) {
    return new WeeklyReport.Options(week, 8, ZONE, COMPETITOR_SETS, GENERATED);
  }

  // ------------------------------------------------------------------ content

  @Tag("fast")
  @Test
  void headerNamesTheWeekItsDaysInTheReportingZoneAndOwnBrandsBeforeCompetitors() {
    assertEquals(out.resolve("brandpulse-2026-W40.html"), file40);
    assertTrue(page40.contains("<span data-week>2026-W40</span>"));
    assertTrue(page40.contains("Mon 28 Sep – Sun 4 Oct 2026"), "the week's Monday to Sunday");
    assertTrue(
        page40.contains("Generated 2026-10-05 09:30 Asia/Seoul"), "00:30 UTC is 09:30 in Seoul");
    List<String> chips = all(page40, "<span class=\"chip[^\"]*\" data-brand=\"([^\"]+)\"");
    assertEquals(
        List.of(
            "aurora-air", "hanbit-electronics", "nimbus-jet", "saebyeol-mobile", "zephyr-airlines"),
        chips,
        "own brands first (by name), then competitors (by name)");
  }

  @Tag("fast")
  @Test
  void kpiTilesShowTheFiguresAndWeekOverWeekArrows() {
    // Aurora Air, W40 against W39 (fixture numbers below): mentions 1000 -> 1240.
    assertTile("aurora-air/mentions", "1,240", "▲ +240 (+24.0%)", "up");
    // (300 - 500) / 800 = -0.25 against (350 - 400) / 750 = -0.0667: down 0.18, worse.
    assertTile("aurora-air/net_sentiment", "−0.25", "▼ −0.18", "down bad");
    // 1240 / (1240 + 700 + 260) = 56.4 % against 1000 / (1000 + 640 + 220) = 53.8 %: up 2.6 points.
    assertTile("aurora-air/share_of_voice", "56.4%", "▲ +2.6 pp", "up good");
    // 100 (120 - 200) / 500 = -16 against 100 (130 - 150) / 400 = -5.
    assertTile("aurora-air/nps", "−16.0", "▼ −11.0 pts", "down bad");
    // More complaints is worse.
    assertTile("aurora-air/complaints", "420", "▲ +70 (+20.0%)", "up bad");
    // 294 / 420 = 70 % against 280 / 350 = 80 %.
    assertTile("aurora-air/response_rate", "70.0%", "▼ −10.0 pp", "down bad");
    // 45 min against 1 h: faster is better.
    assertTile("aurora-air/median_first_reply_seconds", "45 min", "▼ −15 min", "down good");

    assertTile("hanbit-electronics/mentions", "430", "▼ −20 (−4.4%)", "down");
    // (230 - 90) / 320 = 0.4375 against (220 - 110) / 330 = 0.3333.
    assertTile("hanbit-electronics/net_sentiment", "+0.44", "▲ +0.10", "up good");
    // 430 / 760 = 56.6 % against 450 / 770 = 58.4 %.
    assertTile("hanbit-electronics/share_of_voice", "56.6%", "▼ −1.9 pp", "down bad");
    assertTile("hanbit-electronics/nps", "+25.0", "▲ +8.3 pts", "up good");
    assertTile("hanbit-electronics/complaints", "80", "▼ −20 (−20.0%)", "down good");
    assertTile(
        "hanbit-electronics/median_first_reply_seconds", "1 h 30 min", "= no change", "flat");

    // The first week of the data has nothing to compare with.
    String firstWeek = null;
    try {
      firstWeek =
          Files.readString(
              WeeklyReport.write(TestSpark.get(), warehouse.toString(), options(W37), out));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    assertTrue(tile(firstWeek, "aurora-air/mentions").contains("– no figure for 2026-W36"));
    assertTrue(
        page40.contains("<b>twitter</b> 1,000 · <b>reddit</b> 240"), "the per-platform line");
    // Advocacy rate 30 / 600 = 5 % against 20 / 500 = 4 %.
    assertTile("aurora-air/advocacy_rate", "5.0%", "▲ +1.0 pp", "up good");
  }

  @Tag("fast")
  @Test
  void postsAreEscapedAndNothingIsFetchedFromTheNetwork() {
    assertFalse(
        page40.toLowerCase().contains("<script"),
        "no script element at all, above all not a post's");
    assertTrue(
        page40.contains(
            "Flight AA12 delayed 5h &lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt; &amp; no"
                + " one at the gate https://t.co/abc123 &quot;thanks&quot;"),
        "the post, escaped, link as plain text");
    assertTrue(page40.contains("&lt;img src=x onerror=alert(1)&gt;"), "the crisis post, escaped");
    assertFalse(page40.contains("<img"), "no image element");
    Pattern remote =
        Pattern.compile(
            "(?i)(\\b(src|href|xlink:href|action|poster|data)\\s*=\\s*[\"']?\\s*(https?:)?//"
                + "|url\\(\\s*[\"']?\\s*(https?:)?//|@import)");
    Matcher m = remote.matcher(page40);
    assertFalse(m.find(), "a network resource reference: " + (m.hitEnd() ? "" : m.group()));
    assertTrue(page40.contains("Content-Security-Policy\" content=\"default-src 'none'"));
    for (String href : all(page40, "href=\"([^\"]*)\"")) {
      assertTrue(href.startsWith("#"), "only in-page links: " + href);
    }
  }

  @Tag("fast")
  @Test
  void sectionsHaveTheirChartsOrSayThereIsNoData() {
    Set<String> charts = Set.copyOf(all(page40, "data-chart=\"([^\"]+)\""));
    assertEquals(
        Set.of(
            "mentions-trend/aurora-air",
            "net-sentiment-trend/aurora-air",
            "share-of-voice/aurora-air",
            "share-of-voice-trend/aurora-air",
            "complaint-themes/aurora-air",
            "mentions-trend/hanbit-electronics",
            "net-sentiment-trend/hanbit-electronics",
            "share-of-voice/hanbit-electronics",
            "share-of-voice-trend/hanbit-electronics",
            "complaint-themes/hanbit-electronics",
            "response-times",
            "advocacy-rate"),
        charts);
    // Share-of-voice bars: Aurora 56.4 %, Zephyr 700 / 2200 = 31.8 %, Nimbus 260 / 2200 = 11.8 %.
    String sov = chart(page40, "share-of-voice/aurora-air");
    assertTrue(sov.contains(">56.4%<") && sov.contains(">31.8%<") && sov.contains(">11.8%<"), sov);
    // The trend shows the share of all mentions and of the positive and negative voice.
    String sovTrend = chart(page40, "share-of-voice-trend/aurora-air");
    assertEquals(3, count(sovTrend, "<path class=\"mark\""), sovTrend);
    assertTrue(
        sovTrend.contains("positive voice") && sovTrend.contains("negative voice"), sovTrend);
    // Response times: only brands with replied complaints get a bar (Nimbus Jet has none).
    String response = chart(page40, "response-times");
    assertEquals(4, count(response, "class=\"mark\""), response);
    assertTrue(response.contains(">2 h 00 min<"), "Zephyr's median, 7200 s");
    // Themes by complaints, with up to three posts each, and the change against the week before.
    String themes = section(page40, "complaints");
    assertTrue(themes.indexOf("delay, gate, hours") < themes.indexOf("refund, voucher, support"));
    assertTrue(themes.contains("▲ +80</span> vs W39 (120)"), "200 complaints against 120");
    assertEquals(
        3, count(block(themes, "data-theme=\"aurora-air/complaints-en/3\""), "<blockquote"));
    assertTrue(themes.contains("지연, 수하물"));
    // Advocates by pseudonymous key; Hanbit has none, and says so.
    String advocacy = section(page40, "advocacy");
    assertTrue(advocacy.contains("u_7f3a9c") && advocacy.contains("u_19bd02"));
    assertTrue(advocacy.contains("No customer advocates of Hanbit Electronics this week."));
    // Crisis: the high Aurora signal first, with its window in Seoul time, observed vs expected,
    // drivers, posts.
    String crisis = section(page40, "crisis");
    assertTrue(
        crisis.indexOf("data-signal=\"sig-aurora-neg\"")
            < crisis.indexOf("data-signal=\"sig-zephyr-vol\""));
    String signal = block(crisis, "data-signal=\"sig-aurora-neg\"");
    assertTrue(signal.contains("Wed 30 Sep 14:00 – Wed 30 Sep 18:00"), "05:00-09:00 UTC in Seoul");
    assertTrue(signal.contains("182 <span class=\"vs\">vs</span> 41.5"), signal);
    assertTrue(signal.contains("×4.4 the baseline"), "182 / 41.5");
    assertTrue(signal.contains("<em>term</em> delay <b>95</b> vs 12.0"), signal);
    assertEquals(2, count(signal, "<blockquote"));
    assertFalse(crisis.contains("No crisis signals this week."));

    // W39: no themes, no signals, and the page says so instead of drawing empty charts.
    assertTrue(section(page39, "crisis").contains("No crisis signals this week."));
    assertTrue(
        section(page39, "complaints").contains("No complaint themes for Aurora Air this week."));
    assertFalse(page39.contains("data-chart=\"complaint-themes/"));
  }

  @Tag("fast")
  @Test
  void everyFigureIsTracedToItsTableAndColumn() {
    String sources = page40.substring(page40.indexOf("<footer id=\"sources\">"));
    for (TableContract t :
        List.of(
            GoldTables.BRAND_HEALTH_WEEKLY,
            GoldTables.ADVOCACY_WEEKLY,
            Tables.GOLD_COMPLAINT_THEMES_WEEKLY,
            CrisisTables.GOLD_CRISIS_SIGNALS,
            CrisisTables.GOLD_CRISIS_WEEKLY)) {
      assertTrue(sources.contains(">" + t.qualifiedName() + "<"), t.qualifiedName());
    }
    assertTrue(
        sources.contains(
            "net_sentiment</dt><dd>(positive - negative) / (positive + negative); null when both are 0"),
        "columns carry their contract comments");
    assertTrue(
        tile(page40, "aurora-air/nps")
            .replace("<wbr>", "")
            .contains("<div class=\"src\">brand_health_weekly.nps, nps_wow</div>"));
  }

  @Tag("fast")
  @Test
  void renderingIsRepeatable() throws Exception {
    assertEquals(
        java.util.Optional.of(W40), WeeklyReport.latestWeek(TestSpark.get(), warehouse.toString()));
    Path again =
        WeeklyReport.write(
            TestSpark.get(),
            warehouse.toString(),
            options(W40),
            warehouse.getParent().resolve("again"));
    assertEquals(
        page40, Files.readString(again, StandardCharsets.UTF_8), "same gold rows, same page");
  }

  @Tag("fast")
  @Test
  void theCommandWritesThePageAndFailsClearlyOnAWeekWithoutGoldRows() throws Exception {
    Path dir = warehouse.getParent().resolve("cli");
    StringWriter stdout = new StringWriter();
    StringWriter stderr = new StringWriter();
    CommandLine cli = BrandPulse.commandLine();
    cli.setOut(new PrintWriter(stdout));
    cli.setErr(new PrintWriter(stderr));
    int code =
        cli.execute(
            "report",
            "--week",
            "2026-W40",
            "--warehouse",
            warehouse.toString(),
            "--out",
            dir.toString(),
            "--trend-weeks",
            "4",
            "--set",
            "gold.reporting-time-zone=" + ZONE);
    assertEquals(0, code, stderr.toString());
    Path written = dir.resolve("brandpulse-2026-W40.html").toAbsolutePath();
    assertEquals(written.toString(), stdout.toString().trim());
    String html = Files.readString(written);
    // Competitor sets come from the demo taxonomy (conf enrich.taxonomy), the same as the
    // fixture's.
    assertTrue(
        html.contains("Aurora Air <span class=\"sub\">vs Zephyr Airlines, Nimbus Jet</span>"),
        "taxonomy sets");
    assertTrue(html.contains("trends over 4 weeks (2026-W37 – 2026-W40)"));

    stderr.getBuffer().setLength(0);
    code =
        cli.execute(
            "report",
            "--week",
            "2026-W20",
            "--warehouse",
            warehouse.toString(),
            "--out",
            dir.toString());
    assertEquals(2, code, "a week without gold rows is the user's to fix");
    assertEquals(
        "brandpulse report: no gold rows for week 2026-W20 (2026-05-11) in gold.brand_health_weekly:"
            + " weeks on hand are 4 from 2026-W37 to 2026-W40; run `brandpulse aggregate --weeks 2026-W20` if its posts"
            + " are ingested\n",
        stderr.toString());
    assertFalse(Files.exists(dir.resolve("brandpulse-2026-W20.html")));
    assertEquals(
        2,
        cli.execute("report", "--week", "2026-40", "--warehouse", warehouse.toString()),
        "a malformed week is a usage error");
    assertThrows(
        WeeklyReport.NoGoldRowsException.class,
        () ->
            WeeklyReport.write(
                TestSpark.get(),
                warehouse.getParent().resolve("empty").toString(),
                options(W40),
                dir));
  }

  @Tag("fast")
  @Test
  void withoutAWeekTheLastCompleteOneIsReportedAndAPartialWeekIsMarked() throws Exception {
    Path dir = warehouse.getParent().resolve("cli-last-week");
    StringWriter stdout = new StringWriter();
    CommandLine cli = BrandPulse.commandLine();
    cli.setOut(new PrintWriter(stdout));
    // The fixture has no silver.posts: the clock alone says W40 has ended.
    assertEquals(
        0,
        cli.execute(
            "report",
            "--warehouse",
            warehouse.toString(),
            "--out",
            dir.toString(),
            "--set",
            "gold.reporting-time-zone=" + ZONE));
    assertEquals(
        dir.resolve("brandpulse-2026-W40.html").toAbsolutePath().toString(),
        stdout.toString().trim());
    assertFalse(
        page40.contains("data-partial") || page40.contains("(partial"),
        "a complete week is not marked");

    Path partial =
        WeeklyReport.write(
            TestSpark.get(),
            warehouse.toString(),
            new WeeklyReport.Options(W40, 8, ZONE, COMPETITOR_SETS, GENERATED, true),
            dir.resolve("partial"));
    String html = Files.readString(partial, StandardCharsets.UTF_8);
    assertTrue(
        html.contains("<title>Brand Pulse weekly report 2026-W40 (partial week)</title>"), "title");
    assertTrue(
        html.contains(
            "<h1>Week <span data-week>2026-W40</span> <span class=\"partial\" data-partial>partial"
                + " week</span></h1>"),
        "header");
    assertTrue(
        html.contains("A partial week: it has not ended yet"), "the header says what it means");
    assertTrue(
        html.contains("2026-W33 – 2026-W40 (partial week), all platforms."), "the trend weeks");
    assertTrue(html.contains("W40 (partial)"), "the charts' week axis");
  }

  @Tag("fast")
  @Test
  void chartsWithoutAValueAreNotDrawn() {
    List<Double> none = Arrays.asList(null, null, Double.NaN);
    assertEquals(
        null,
        SvgCharts.line(
            "x",
            "x",
            List.of("W1", "W2", "W3"),
            List.of(new SvgCharts.Series("a", "#000", none, true)),
            v -> "" + v,
            true));
    assertEquals(null, SvgCharts.rows("x", "x", List.of(new SvgCharts.Bar("a", 0, "0", "#000"))));
    assertEquals(null, SvgCharts.columns("x", "x", List.of()));
    // A gap week breaks the line: two sub-paths, no NaN anywhere.
    String line =
        SvgCharts.line(
            "y",
            "y",
            List.of("W1", "W2", "W3", "W4"),
            List.of(new SvgCharts.Series("a", "#000", Arrays.asList(1.0, null, 2.0, 3.0), true)),
            v -> "" + v,
            true);
    String d = all(line, "<path class=\"mark\" d=\"([^\"]*)\"").get(0);
    assertEquals(2, count(d, "M"), d);
    assertFalse(line.contains("NaN"));
  }

  // ------------------------------------------------------------------ browser

  @Test
  @SetUpScripts.Needs("setup-chromium")
  void chromiumRendersThePageWithoutErrorsAndEveryChartDrawn() throws Exception {
    Path work = ROOT.resolve("target/report-check");
    long start = System.nanoTime();
    HeadlessChromium chromium = HeadlessChromium.setUp(work);
    System.out.printf(
        "report: waited %.1f s for bin/setup-chromium%n", (System.nanoTime() - start) / 1e9);

    HeadlessChromium.Check check = chromium.check(file40);
    System.out.printf(
        "report: Chromium loaded and probed the page in %d ms: %s%n",
        check.millis(), check.charts());
    assertTrue(check.clean(), check.describe());
    assertEquals(
        count(page40, "data-chart=\""), check.charts().size(), "every chart seen by the browser");
    // Zero bars (advocacy rate 0 of three brands) have no area and are not counted as drawn.
    assertTrue(check.charts().contains("advocacy-rate=2"), check.charts().toString());
    HeadlessChromium.Check quiet = chromium.check(file39);
    assertTrue(quiet.clean(), "the week without themes or signals: " + quiet.describe());

    Path png = ROOT.resolve("target/report-screenshot.png");
    long millis = chromium.screenshot(file40, png, Math.min(Math.max(check.height(), 800), 16000));
    System.out.printf("report: screenshot 1280x%d in %d ms -> %s%n", check.height(), millis, png);
    byte[] bytes = Files.readAllBytes(png);
    assertTrue(
        bytes.length > 50_000 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G',
        "a real PNG");

    // The check must fail on a broken page. 1: a chart whose marks are gone.
    Path emptied = work.resolve("broken-empty-chart.html");
    String responseChart = chart(page40, "response-times");
    Files.writeString(
        emptied,
        page40.replace(responseChart, responseChart.replace("class=\"mark\"", "class=\"gone\"")));
    HeadlessChromium.Check broken = chromium.check(emptied);
    assertEquals(List.of("response-times"), broken.emptyCharts(), broken.describe());
    assertFalse(broken.clean());
    // 2: an SVG path the renderer cannot parse (a console error, no script involved).
    Path nan = work.resolve("broken-svg.html");
    Files.writeString(
        nan,
        page40.replaceFirst("<path class=\"mark\" d=\"M", "<path class=\"mark\" d=\"M NaN 0 M"));
    broken = chromium.check(nan);
    assertTrue(
        broken.console().stream().anyMatch(c -> c.contains("attribute d")), broken.describe());
    assertFalse(broken.clean());
    // 3: a network resource: the page's policy refuses it, which the console and an error event
    // report.
    Path remote = work.resolve("broken-remote.html");
    Files.writeString(
        remote,
        page40.replace("</main>", "<img src=\"https://example.com/pixel.png\" alt=\"\"></main>"));
    broken = chromium.check(remote);
    assertTrue(
        broken.console().stream().anyMatch(c -> c.contains("Content Security Policy")),
        broken.describe());
    assertFalse(broken.problems().isEmpty(), broken.describe());
  }

  // ------------------------------------------------------------------ page helpers

  private static void assertTile(String key, String value, String change, String cls) {
    String tile = tile(page40, key);
    assertTrue(
        tile.contains("<div class=\"v\">" + value + "</div>"),
        key + " value " + value + " in " + tile);
    assertTrue(
        tile.contains("<div class=\"d " + cls + "\">" + change),
        key + " change " + change + " in " + tile);
  }

  private static String tile(String page, String key) {
    return block(page, "data-kpi=\"" + key + "\"");
  }

  /**
   * The element opening with {@code marker} up to the next element of the same kind at the same
   * depth.
   */
  private static String block(String page, String marker) {
    int at = page.indexOf(marker);
    assertTrue(at >= 0, "not in the page: " + marker);
    int open = page.lastIndexOf('<', at);
    String tag = page.substring(open + 1, page.indexOf(' ', open));
    int depth = 0;
    Matcher m = Pattern.compile("<(/?)" + tag + "[\\s>]").matcher(page);
    m.region(open, page.length());
    while (m.find()) {
      depth += m.group(1).isEmpty() ? 1 : -1;
      if (depth == 0) {
        return page.substring(open, page.indexOf('>', m.start()) + 1);
      }
    }
    throw new AssertionError("unclosed <" + tag + "> at " + marker);
  }

  private static String chart(String page, String id) {
    return block(page, "data-chart=\"" + id + "\"");
  }

  private static String section(String page, String id) {
    return block(page, "<section id=\"" + id + "\"");
  }

  private static List<String> all(String page, String regex) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile(regex).matcher(page);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private static int count(String text, String needle) {
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }

  // ------------------------------------------------------------------ fixture gold tables

  /**
   * Writes fixture rows as the table. The contract's CHECK constraints are verified on the rows in
   * memory: ensure() would add them to the table one Delta commit each (16 commits over the five
   * tables, most of this test's set-up time), and the report only reads.
   */
  private static void write(SparkSession spark, TableContract table, List<Row> rows) {
    org.apache.spark.sql.Dataset<Row> frame = table.fixture(spark, rows);
    for (Map.Entry<String, String> check : table.checks().entrySet()) {
      assertEquals(
          0,
          frame.where("NOT (" + check.getValue() + ")").count(),
          "fixture rows break " + table.qualifiedName() + " CHECK " + check.getKey());
    }
    table.replace(frame, warehouse.toString(), null);
  }

  /**
   * A row of {@code table} in its column order from named values; a NOT NULL number left out is 0,
   * an array empty, anything else null. A name the contract does not have fails (the fixture
   * follows the contract).
   */
  private static Row row(TableContract table, Map<String, Object> values) {
    Set<String> names = Set.of(table.columnNames());
    for (String name : values.keySet()) {
      assertTrue(names.contains(name), table.qualifiedName() + " has no column " + name);
    }
    StructField[] fields = table.schema().fields();
    Object[] cells = new Object[fields.length];
    for (int i = 0; i < fields.length; i++) {
      StructField f = fields[i];
      Object v = values.get(f.name());
      if (v == null && !values.containsKey(f.name())) {
        if (f.dataType() instanceof ArrayType) {
          v = List.of();
        } else if (!f.nullable() && f.dataType().equals(DataTypes.LongType)) {
          v = 0L;
        } else if (!f.nullable() && f.dataType().equals(DataTypes.IntegerType)) {
          v = 0;
        }
      }
      if (v instanceof LocalDate d) {
        v = Date.valueOf(d);
      } else if (v instanceof Instant t) {
        v = Timestamp.from(t);
      } else if (v instanceof Integer n && f.dataType().equals(DataTypes.LongType)) {
        v = n.longValue();
      } else if (v instanceof Number n && f.dataType().equals(DataTypes.DoubleType)) {
        v = n.doubleValue();
      }
      cells[i] = v;
    }
    return RowFactory.create(cells);
  }

  private static Map<String, Object> with(Object... pairs) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put((String) pairs[i], pairs[i + 1]);
    }
    return m;
  }

  private record Brand(String id, String name, String kind) {}

  private static final Brand AURORA = new Brand("aurora-air", "Aurora Air", "brand");
  private static final Brand HANBIT =
      new Brand("hanbit-electronics", "Hanbit Electronics", "brand");
  private static final Brand ZEPHYR = new Brand("zephyr-airlines", "Zephyr Airlines", "competitor");
  private static final Brand NIMBUS = new Brand("nimbus-jet", "Nimbus Jet", "competitor");
  private static final Brand SAEBYEOL =
      new Brand("saebyeol-mobile", "Saebyeol Mobile", "competitor");

  /**
   * Per brand, per week W37..W40: mentions, positive, negative, unscored, promoters, detractors,
   * scored authors, complaints, replied, answered same day, median and p90 first reply (seconds, -1
   * = none).
   */
  private static final Map<Brand, long[][]> HEALTH = new LinkedHashMap<>();

  static {
    HEALTH.put(
        AURORA,
        new long[][] {
          {800, 300, 250, 50, 100, 120, 400, 200, 150, 100, 3000, 12000},
          {950, 320, 300, 50, 110, 130, 420, 250, 200, 150, 3300, 13000},
          {1000, 350, 400, 50, 130, 150, 400, 350, 280, 210, 3600, 15000},
          {1240, 300, 500, 40, 120, 200, 500, 420, 294, 200, 2700, 14400}
        });
    HEALTH.put(
        HANBIT,
        new long[][] {
          {400, 200, 100, 20, 50, 30, 150, 90, 60, 40, 6000, 20000},
          {420, 210, 100, 20, 55, 30, 160, 95, 65, 45, 5800, 19000},
          {450, 220, 110, 20, 50, 25, 150, 100, 70, 50, 5400, 18000},
          {430, 230, 90, 20, 60, 20, 160, 80, 60, 40, 5400, 16000}
        });
    HEALTH.put(
        ZEPHYR,
        new long[][] {
          {600, 200, 200, 0, 60, 60, 200, 150, 100, 80, 7000, 20000},
          {620, 200, 210, 0, 60, 60, 200, 160, 100, 80, 7100, 20000},
          {640, 200, 220, 0, 60, 60, 200, 170, 110, 90, 7300, 21000},
          {700, 210, 250, 0, 60, 70, 210, 200, 120, 100, 7200, 22000}
        });
    HEALTH.put(
        NIMBUS,
        new long[][] {
          {200, 80, 60, 0, 20, 20, 80, 40, 0, 0, -1, -1},
          {210, 80, 60, 0, 20, 20, 80, 40, 0, 0, -1, -1},
          {220, 80, 60, 0, 20, 20, 80, 40, 0, 0, -1, -1},
          {260, 90, 70, 0, 20, 20, 80, 50, 0, 0, -1, -1}
        });
    HEALTH.put(
        SAEBYEOL,
        new long[][] {
          {300, 100, 80, 0, 30, 30, 100, 60, 40, 30, 4000, 9000},
          {310, 100, 80, 0, 30, 30, 100, 60, 40, 30, 4000, 9000},
          {320, 100, 80, 0, 30, 30, 100, 60, 40, 30, 4000, 9000},
          {330, 100, 80, 0, 30, 30, 100, 60, 40, 30, 4000, 9000}
        });
  }

  private static Brand byId(String id) {
    return HEALTH.keySet().stream().filter(b -> b.id().equals(id)).findFirst().orElseThrow();
  }

  /**
   * What gold.brand_health_weekly holds for these numbers (its definitions, as the contract
   * comments state).
   */
  private static List<Row> brandHealth() {
    List<Row> rows = new ArrayList<>();
    Map<String, Map<String, Object>> previous = new HashMap<>();
    for (int w = 0; w < WEEKS.size(); w++) {
      for (Brand b : HEALTH.keySet()) {
        long[] v = HEALTH.get(b)[w];
        long competitorMentions = 0;
        long competitorPositive = 0;
        long competitorNegative = 0;
        for (String c : COMPETITOR_SETS.get(b.id())) {
          competitorMentions += HEALTH.get(byId(c))[w][0];
          competitorPositive += HEALTH.get(byId(c))[w][1];
          competitorNegative += HEALTH.get(byId(c))[w][2];
        }
        Map<String, Object> m =
            with(
                "week_start",
                WEEKS.get(w),
                "iso_week",
                ReportingWeeks.label(WEEKS.get(w)),
                "brand_id",
                b.id(),
                "brand_name",
                b.name(),
                "brand_kind",
                b.kind(),
                "platform",
                "all",
                "mentions",
                v[0],
                "distinct_authors",
                v[0] / 2,
                "positive",
                v[1],
                "negative",
                v[2],
                "unscored",
                v[3],
                "neutral",
                v[0] - v[1] - v[2] - v[3],
                "net_sentiment",
                (double) (v[1] - v[2]) / (v[1] + v[2]),
                "competitor_mentions",
                competitorMentions,
                "share_of_voice",
                (double) v[0] / (v[0] + competitorMentions),
                "competitor_positive",
                competitorPositive,
                "competitor_negative",
                competitorNegative,
                "positive_share_of_voice",
                (double) v[1] / (v[1] + competitorPositive),
                "negative_share_of_voice",
                (double) v[2] / (v[2] + competitorNegative),
                "promoters",
                v[4],
                "detractors",
                v[5],
                "scored_authors",
                v[6],
                "nps",
                100.0 * (v[4] - v[5]) / v[6],
                "complaints",
                v[7],
                "complaints_replied",
                v[8],
                "complaints_answered_same_day",
                v[9],
                "response_rate",
                (double) v[8] / v[7],
                "same_day_rate",
                (double) v[9] / v[7],
                "median_first_reply_seconds",
                v[10] < 0 ? null : (double) v[10],
                "p90_first_reply_seconds",
                v[11] < 0 ? null : (double) v[11]);
        Map<String, Object> prev = previous.get(b.id());
        for (String metric : GoldTables.WOW_METRICS.keySet()) {
          Object now = m.get(metric);
          Object before = prev == null ? null : prev.get(metric);
          Object wow = null;
          if (now != null && before != null) {
            wow =
                GoldTables.WOW_METRICS.get(metric).equals("BIGINT")
                    ? (Object) (((Number) now).longValue() - ((Number) before).longValue())
                    : (Object) (((Number) now).doubleValue() - ((Number) before).doubleValue());
          }
          m.put(metric + "_wow", wow);
        }
        previous.put(b.id(), m);
        rows.add(row(GoldTables.BRAND_HEALTH_WEEKLY, m));
        if (b == AURORA && w == 3) {
          for (Object[] platform : new Object[][] {{"twitter", 1000L}, {"reddit", 240L}}) {
            rows.add(
                row(
                    GoldTables.BRAND_HEALTH_WEEKLY,
                    with(
                        "week_start",
                        W40,
                        "iso_week",
                        "2026-W40",
                        "brand_id",
                        b.id(),
                        "brand_name",
                        b.name(),
                        "brand_kind",
                        b.kind(),
                        "platform",
                        platform[0],
                        "mentions",
                        platform[1],
                        "unscored",
                        platform[1])));
          }
        }
      }
    }
    return rows;
  }

  private static List<Row> advocacy() {
    List<Row> rows = new ArrayList<>();
    Row advocate1 = RowFactory.create("u_7f3a9c", "twitter", 4L, 3L, 1L, 5400L);
    Row advocate2 = RowFactory.create("u_19bd02", "reddit", 2L, 0L, 2L, null);
    for (LocalDate w : List.of(W39, W40)) {
      boolean now = w.equals(W40);
      for (Brand b : HEALTH.keySet()) {
        long authors =
            b == AURORA ? (now ? 600 : 500) : b == HANBIT ? 200 : b == ZEPHYR ? 400 : 100;
        long advocates = b == AURORA ? (now ? 30 : 20) : b == ZEPHYR ? 12 : 0;
        rows.add(
            row(
                GoldTables.ADVOCACY_WEEKLY,
                with(
                    "week_start",
                    w,
                    "iso_week",
                    ReportingWeeks.label(w),
                    "brand_id",
                    b.id(),
                    "brand_name",
                    b.name(),
                    "brand_kind",
                    b.kind(),
                    "customer_authors",
                    authors,
                    "advocates",
                    advocates,
                    "defending_posts",
                    advocates,
                    "answering_posts",
                    advocates / 2,
                    "advocacy_posts",
                    advocates + advocates / 2,
                    "advocate_reach",
                    advocates * 310,
                    "advocacy_rate",
                    (double) advocates / authors,
                    "top_advocates",
                    b == AURORA && now ? List.of(advocate1, advocate2) : List.of(),
                    "roster_employees",
                    50L,
                    "employees_posting",
                    b.kind().equals("brand") ? 5L : 0L,
                    "employee_posts",
                    b.kind().equals("brand") ? 9L : 0L,
                    "employee_reach",
                    2000L,
                    "employee_active_share",
                    b.kind().equals("brand") ? 0.1 : 0.0,
                    "executives_posting",
                    1L,
                    "executive_posts",
                    2L)));
      }
    }
    return rows;
  }

  private static Row themePost(String id, String text, long engagement, double weight) {
    return RowFactory.create(id, text, engagement, weight);
  }

  private static List<Row> themes() {
    Object[][] themes = {
      // brand, lang, theme, name, complaints, share, rank, previous week, posts
      {
        AURORA,
        "en",
        3,
        "delay, gate, hours",
        200L,
        0.625,
        1,
        120L,
        List.of(
            themePost("twitter:1001", SCRIPT_POST, 40L, 0.91),
            themePost("twitter:1002", "Third delay this month, gate agents gave up", 12L, 0.88),
            themePost("reddit:t3_aa1", "Sat at the gate for 4 hours with no update", 30L, 0.84))
      },
      {
        AURORA,
        "en",
        7,
        "refund, voucher, support",
        120L,
        0.375,
        2,
        100L,
        List.of(themePost("twitter:1003", "Still waiting for my refund after 6 weeks", 8L, 0.8))
      },
      {
        AURORA,
        "ko",
        2,
        "지연, 수하물",
        40L,
        1.0,
        1,
        0L,
        List.of(themePost("twitter:1004", "오로라항공 수하물 또 늦게 나옴 ㅠㅠ", 5L, 0.77))
      },
      {
        HANBIT,
        "en",
        5,
        "battery, drain, update",
        50L,
        1.0,
        1,
        55L,
        List.of(
            themePost(
                "twitter:2001", "Hanbit Phone battery dies by noon since the update", 22L, 0.9))
      }
    };
    List<Row> rows = new ArrayList<>();
    for (Object[] t : themes) {
      Brand b = (Brand) t[0];
      rows.add(
          row(
              Tables.GOLD_COMPLAINT_THEMES_WEEKLY,
              with(
                  "week_start",
                  W40,
                  "iso_week",
                  "2026-W40",
                  "brand_id",
                  b.id(),
                  "lang",
                  t[1],
                  "model_name",
                  "complaints-" + t[1],
                  "model_version",
                  1,
                  "theme",
                  t[2],
                  "theme_name",
                  t[3],
                  "complaints",
                  t[4],
                  "share_of_complaints",
                  t[5],
                  "theme_rank",
                  t[6],
                  "complaints_prev_week",
                  t[7],
                  "representative_posts",
                  t[8],
                  "input_fingerprint",
                  42L,
                  "computed_at",
                  GENERATED)));
    }
    return rows;
  }

  private static List<Row> signals() {
    Instant start = Instant.parse("2026-09-30T05:00:00Z");
    Row driver1 = RowFactory.create("term", "delay", 95L, 12.0, 7.1);
    Row driver2 = RowFactory.create("category", "Operations / Delays", 120L, 30.5, 3.9);
    Row post1 =
        RowFactory.create(
            "twitter:3001",
            Timestamp.from(start.plusSeconds(1800)),
            "twitter",
            "u_aa01",
            "@u_5c1d AuroraAir 5 hours on the tarmac <img src=x onerror=alert(1)>",
            310L,
            "most_engaged");
    Row post2 =
        RowFactory.create(
            "twitter:3002",
            Timestamp.from(start.plusSeconds(5400)),
            "twitter",
            "u_aa02",
            "delay delay delay. Aurora Air never again",
            4L,
            "most_typical");
    Row aurora =
        row(
            CrisisTables.GOLD_CRISIS_SIGNALS,
            with(
                "signal_id",
                "sig-aurora-neg",
                "week_start",
                W40,
                "iso_week",
                "2026-W40",
                "brand_id",
                AURORA.id(),
                "brand_name",
                AURORA.name(),
                "brand_kind",
                "brand",
                "metric",
                "negative",
                "category",
                null,
                "granularity",
                "hour",
                "started_at",
                start,
                "ended_at",
                start.plusSeconds(4 * 3600),
                "peak_at",
                start.plusSeconds(2 * 3600),
                "status",
                "ended",
                "steps",
                4,
                "posts",
                260L,
                "scored_posts",
                240L,
                "negative_posts",
                182L,
                "observed",
                182.0,
                "expected",
                41.5,
                "score",
                9.3,
                "threshold",
                6.0,
                "peak_observed",
                70.0,
                "peak_expected",
                11.0,
                "severity",
                "high",
                "baseline_start",
                start.minusSeconds(7 * 86400),
                "drivers",
                List.of(driver1, driver2),
                "representative_posts",
                List.of(post1, post2)));
    Instant day = Instant.parse("2026-10-01T15:00:00Z"); // midnight of Fri 2 Oct in Seoul
    Row zephyr =
        row(
            CrisisTables.GOLD_CRISIS_SIGNALS,
            with(
                "signal_id",
                "sig-zephyr-vol",
                "week_start",
                W40,
                "iso_week",
                "2026-W40",
                "brand_id",
                ZEPHYR.id(),
                "brand_name",
                ZEPHYR.name(),
                "brand_kind",
                "competitor",
                "metric",
                "mentions",
                "granularity",
                "day",
                "started_at",
                day,
                "ended_at",
                day.plusSeconds(86400),
                "peak_at",
                day,
                "status",
                "ended",
                "steps",
                1,
                "posts",
                160L,
                "scored_posts",
                150L,
                "negative_posts",
                40L,
                "observed",
                160.0,
                "expected",
                95.0,
                "score",
                6.4,
                "threshold",
                6.0,
                "peak_observed",
                160.0,
                "peak_expected",
                95.0,
                "severity",
                "low",
                "baseline_start",
                day.minusSeconds(7 * 86400),
                "drivers",
                List.of(),
                "representative_posts",
                List.of()));
    return List.of(zephyr, aurora);
  }

  private static List<Row> crisisWeekly() {
    List<Row> rows = new ArrayList<>();
    for (Brand b : HEALTH.keySet()) {
      long posts = HEALTH.get(b)[3][0];
      long scored = posts - HEALTH.get(b)[3][3];
      long negative = HEALTH.get(b)[3][2];
      boolean aurora = b == AURORA;
      boolean zephyr = b == ZEPHYR;
      rows.add(
          row(
              CrisisTables.GOLD_CRISIS_WEEKLY,
              with(
                  "week_start",
                  W40,
                  "iso_week",
                  "2026-W40",
                  "brand_id",
                  b.id(),
                  "brand_name",
                  b.name(),
                  "brand_kind",
                  b.kind(),
                  "posts",
                  posts,
                  "scored_posts",
                  scored,
                  "negative_posts",
                  negative,
                  "negative_share",
                  (double) negative / scored,
                  "signals",
                  aurora || zephyr ? 1L : 0L,
                  "high_signals",
                  aurora ? 1L : 0L,
                  "open_signals",
                  0L,
                  "peak_score",
                  aurora ? Double.valueOf(9.3) : zephyr ? Double.valueOf(6.4) : null,
                  "top_signal_id",
                  aurora ? "sig-aurora-neg" : zephyr ? "sig-zephyr-vol" : null,
                  "alert_hours",
                  aurora ? 4 : 0,
                  "alert_days",
                  zephyr ? 1 : 0,
                  "flagged_series",
                  aurora
                      ? List.of("negative/hour")
                      : zephyr ? List.of("mentions/day") : List.of())));
    }
    return rows;
  }
}

package com.brandpulse.report;

import com.brandpulse.SetUpScripts;
import com.brandpulse.TestLogs;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Opens a page in headless Chromium (Debian's {@code chromium}, installed by bin/setup-chromium)
 * and reports what a reader would see go wrong: console messages (Chromium's own log of the page
 * console, which also carries SVG attribute errors and Content-Security-Policy refusals, none of
 * them JavaScript), error events (failed resources, script errors), and charts that render empty.
 *
 * <p>The probe is a small script inserted first in {@code <head>} of a copy of the page, ahead of
 * the page's own policy (a policy in a meta element applies only to what follows it). After the
 * load event it counts the rendered data marks ({@code .mark} elements with a non-empty box) of
 * every {@code [data-chart]} and writes the result into the DOM, which {@code --dump-dom} prints.
 */
final class HeadlessChromium {
  /** The flags that work on this machine (root, no GPU, no network wanted). */
  private static final List<String> FLAGS =
      List.of(
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--hide-scrollbars",
          "--enable-logging=stderr",
          "--v=0");

  private static final String PROBE =
      """
      <script>(function(){
      var problems=[];
      window.addEventListener('error',function(e){var t=e.target;problems.push('error event: '+(e.message||
        (t&&t.outerHTML?t.outerHTML.slice(0,200):String(t))));},true);
      document.addEventListener('securitypolicyviolation',function(e){problems.push('policy violation: '
        +e.violatedDirective+' '+e.blockedURI);});
      ['error','warn'].forEach(function(level){var original=console[level];console[level]=function(){
        problems.push('console.'+level+': '+Array.prototype.join.call(arguments,' '));original.apply(console,arguments);};});
      window.addEventListener('load',function(){
        var charts=[],empty=[];
        document.querySelectorAll('[data-chart]').forEach(function(c){
          var id=c.getAttribute('data-chart'),box=c.getBoundingClientRect(),drawn=0;
          c.querySelectorAll('.mark').forEach(function(m){var b=m.getBBox();
            // a line needs length; a bar or a point needs area (a zero-width bar is no bar)
            if(m.tagName==='path'?(b.width>0||b.height>0):(b.width>0&&b.height>0)){drawn++;}});
          charts.push({id:id,marks:drawn});
          if(drawn===0||box.width<1||box.height<1){empty.push(id);}
        });
        var out=document.createElement('pre');out.id='bp-probe';
        out.textContent=JSON.stringify({charts:charts,empty:empty,problems:problems,
          height:document.documentElement.scrollHeight});
        document.body.appendChild(out);
      });})();</script>
      """;

  /** Width of the browser window, in CSS pixels, for the probe and the screenshot alike. */
  private static final int WIDTH = 1280;

  private static final Pattern PROBE_OUTPUT =
      Pattern.compile("<pre id=\"bp-probe\">(.*?)</pre>", Pattern.DOTALL);
  private static final Pattern CONSOLE = Pattern.compile(":CONSOLE[:(]\\d*\\)?\\]\\s*(.*)");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the browser saw. {@code charts}: data-chart id → rendered marks. */
  record Check(
      List<String> charts,
      List<String> emptyCharts,
      List<String> problems,
      List<String> console,
      int height,
      long millis) {
    boolean clean() {
      return !charts.isEmpty() && emptyCharts.isEmpty() && problems.isEmpty() && console.isEmpty();
    }

    String describe() {
      return "charts "
          + charts
          + ", empty "
          + emptyCharts
          + ", error events "
          + problems
          + ", console "
          + console;
    }
  }

  private final Path binary;
  private final Path work;

  private HeadlessChromium(Path binary, Path work) {
    this.binary = binary;
    this.work = work;
  }

  /**
   * Waits for bin/setup-chromium (installs Chromium when missing; started when the run began, see
   * SetUpScripts) and returns a checker; fails with the script's log.
   */
  static HeadlessChromium setUp(Path work) throws Exception {
    Files.createDirectories(work);
    SetUpScripts.Result setup = SetUpScripts.await("setup-chromium");
    if (setup.code() != 0) {
      throw new IllegalStateException(
          "bin/setup-chromium could not install Chromium (exit "
              + setup.code()
              + "):\n"
              + setup.tail());
    }
    return new HeadlessChromium(Path.of(setup.lastLine()), work);
  }

  /** Loads a copy of {@code page} with the probe and returns what it found. */
  Check check(Path page) throws Exception {
    String html = Files.readString(page, StandardCharsets.UTF_8);
    int head = html.indexOf("<head>");
    if (head < 0) {
      throw new IllegalArgumentException(page + " has no <head>");
    }
    String name = page.getFileName().toString().replaceAll("\\.html$", "");
    Path probed = work.resolve(name + ".probed.html");
    Files.writeString(
        probed,
        html.substring(0, head + 6) + PROBE + html.substring(head + 6),
        StandardCharsets.UTF_8);
    long start = System.nanoTime();
    // The screenshot's width: the page height measured here is the height at that width.
    Run run =
        run(
            List.of("--dump-dom", "--window-size=" + WIDTH + ",900", probed.toUri().toString()),
            name + ".dump");
    long millis = (System.nanoTime() - start) / 1_000_000;
    String dom = Files.readString(run.stdout, StandardCharsets.UTF_8);
    Matcher m = PROBE_OUTPUT.matcher(dom);
    if (run.code != 0 || !m.find()) {
      throw new IllegalStateException(
          "Chromium did not load "
              + page
              + " (exit "
              + run.code
              + "):\n"
              + TestLogs.tail(run.stderr, 40));
    }
    JsonNode result =
        JSON.readTree(m.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"));
    List<String> charts = new ArrayList<>();
    result
        .path("charts")
        .forEach(c -> charts.add(c.path("id").asText() + "=" + c.path("marks").asInt()));
    List<String> empty = new ArrayList<>();
    result.path("empty").forEach(e -> empty.add(e.asText()));
    List<String> problems = new ArrayList<>();
    result.path("problems").forEach(e -> problems.add(e.asText()));
    List<String> console = new ArrayList<>();
    for (String line : TestLogs.lines(run.stderr)) {
      Matcher c = CONSOLE.matcher(line);
      if (c.find()) {
        console.add(c.group(1));
      }
    }
    return new Check(charts, empty, problems, console, result.path("height").asInt(), millis);
  }

  /**
   * A PNG of the page at WIDTH px wide and {@code height} px tall (the whole page when that is its
   * height).
   */
  long screenshot(Path page, Path png, int height) throws Exception {
    Files.createDirectories(png.toAbsolutePath().getParent());
    Files.deleteIfExists(png);
    long start = System.nanoTime();
    Run run =
        run(
            List.of(
                "--screenshot=" + png.toAbsolutePath(),
                "--window-size=" + WIDTH + "," + height,
                page.toUri().toString()),
            "screenshot");
    if (run.code != 0 || !Files.isRegularFile(png)) {
      throw new IllegalStateException(
          "Chromium made no screenshot of " + page + ":\n" + TestLogs.tail(run.stderr, 40));
    }
    return (System.nanoTime() - start) / 1_000_000;
  }

  private record Run(int code, Path stdout, Path stderr) {}

  private Run run(List<String> args, String name) throws Exception {
    Path profile = Files.createTempDirectory(work, "profile-"); // a new, empty profile every run
    Path stdout = work.resolve(name + ".out");
    Path stderr = work.resolve(name + ".log");
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(FLAGS);
    command.add("--user-data-dir=" + profile);
    command.addAll(args);
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    try {
      if (!p.waitFor(3, TimeUnit.MINUTES)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw new IllegalStateException("Chromium timed out on " + args);
      }
      return new Run(p.exitValue(), stdout, stderr);
    } finally {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }
}

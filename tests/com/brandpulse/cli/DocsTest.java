package com.brandpulse.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.brandpulse.TestSpark;
import com.brandpulse.common.TableContract;
import com.brandpulse.serving.Catalog;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference pages are generated, never copied by hand: docs/tables.md from the table contracts
 * and docs/commands.md from the commands' usage help ({@code bin/brandpulse docs}). This fails
 * while the committed pages differ from what the command writes, while a declared table is missing
 * from them, and while a link between the README and the docs pages leads nowhere. No Spark
 * session.
 */
@Tag("fast")
class DocsTest {
  private static final Path ROOT = TestSpark.projectRoot();
  private static final Path DOCS = ROOT.resolve("docs");

  @Test
  void committedReferencePagesAreWhatTheCommandWrites(@TempDir Path out) throws IOException {
    assertEquals(0, BrandPulse.commandLine().execute("docs", "--out", out.toString()));
    List<String> stale = new ArrayList<>();
    for (String page : DocsCommand.pages().keySet()) {
      String generated = Files.readString(out.resolve(page));
      Path committed = DOCS.resolve(page);
      if (!Files.exists(committed)) {
        stale.add("docs/" + page + " is missing");
      } else if (!generated.equals(Files.readString(committed))) {
        stale.add(
            "docs/"
                + page
                + " differs from what the command writes, "
                + firstDifference(Files.readString(committed), generated));
      }
    }
    if (!stale.isEmpty()) {
      fail(
          String.join("; ", stale)
              + ". The reference pages are generated from the table contracts and the commands'"
              + " --help: run `bin/brandpulse docs` and commit docs/.");
    }
  }

  @Test
  void generationIsDeterministic(@TempDir Path out) throws IOException {
    Map<String, String> first = DocsCommand.pages();
    assertEquals(first, DocsCommand.pages());
    assertEquals(0, BrandPulse.commandLine().execute("docs", "--out", out.toString()));
    for (Map.Entry<String, String> page : first.entrySet()) {
      assertEquals(
          page.getValue(), Files.readString(out.resolve(page.getKey()), StandardCharsets.UTF_8));
    }
  }

  @Test
  void everyTableContractHasItsSection() throws IOException {
    List<TableContract> contracts = Catalog.all();
    for (String text :
        List.of(
            DocsCommand.pages().get(ReferenceDocs.TABLES_FILE),
            Files.readString(DOCS.resolve(ReferenceDocs.TABLES_FILE)))) {
      List<String> sections = text.lines().filter(l -> l.startsWith("## ")).toList();
      assertEquals(
          contracts.size(), sections.size(), "one section per table contract: " + sections);
      for (TableContract c : contracts) {
        assertTrue(
            sections.contains(ReferenceDocs.tableHeading(c)),
            "no section for " + c.qualifiedName());
      }
    }
  }

  /**
   * Catalog.all() is the one list the page is made from: every {@code TableContract.of("layer",
   * "name", ...)} in the sources and every public contract constant of the declaring classes must
   * be in it.
   */
  @Test
  void catalogHoldsEveryDeclaredContract() throws Exception {
    Set<String> catalog =
        Catalog.all().stream()
            .map(TableContract::qualifiedName)
            .collect(Collectors.toCollection(TreeSet::new));
    Pattern declaration = Pattern.compile("TableContract\\.of\\(\\s*\"(\\w+)\"\\s*,\\s*\"(\\w+)\"");
    Set<String> inSources = new TreeSet<>();
    try (Stream<Path> files = Files.walk(ROOT.resolve("jobs"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        Matcher m = declaration.matcher(Files.readString(file));
        while (m.find()) {
          inSources.add(m.group(1) + "." + m.group(2));
        }
      }
    }
    assertEquals(
        inSources,
        catalog,
        "a table declared in jobs/ is missing from serving/Catalog.all() (or the other way)");
    for (Class<?> owner : Catalog.DECLARING_CLASSES) {
      for (Field f : owner.getFields()) {
        if (Modifier.isStatic(f.getModifiers()) && f.getType() == TableContract.class) {
          assertTrue(
              Catalog.all().contains((TableContract) f.get(null)),
              owner.getSimpleName() + "." + f.getName() + " is not in its class's ALL list");
        }
      }
    }
  }

  /**
   * The README links every docs page, and every relative link of the README and the pages leads to
   * a file and heading.
   */
  @Test
  void linksLeadSomewhere() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"));
    List<Path> pages;
    try (Stream<Path> files = Files.list(DOCS)) {
      pages = files.filter(f -> f.toString().endsWith(".md")).sorted().toList();
    }
    for (Path page : pages) {
      assertTrue(
          readme.contains("](docs/" + page.getFileName() + ")"),
          "README.md does not link docs/" + page.getFileName());
    }
    List<String> broken = new ArrayList<>();
    List<Path> documents = new ArrayList<>(pages);
    documents.add(ROOT.resolve("README.md"));
    Pattern link = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    for (Path document : documents) {
      String text = withoutCode(Files.readString(document));
      Matcher m = link.matcher(text);
      while (m.find()) {
        String target = m.group(1);
        if (target.matches("^[a-z]+:.*")) {
          continue; // https:, mailto:
        }
        String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
        String fragment = target.contains("#") ? target.substring(target.indexOf('#') + 1) : null;
        Path resolved = file.isEmpty() ? document : document.getParent().resolve(file).normalize();
        if (!Files.exists(resolved)) {
          broken.add(ROOT.relativize(document) + ": " + target + " (no such file)");
        } else if (fragment != null
            && resolved.toString().endsWith(".md")
            && !anchors(Files.readString(resolved)).contains(fragment)) {
          broken.add(ROOT.relativize(document) + ": " + target + " (no such heading)");
        }
      }
    }
    assertTrue(broken.isEmpty(), "broken links: " + broken);
  }

  /** The anchors GitHub gives a page's headings. */
  private static Set<String> anchors(String markdown) {
    Set<String> out = new TreeSet<>();
    for (String line : withoutCode(markdown).lines().toList()) {
      if (line.matches("^#{1,6} .*")) {
        String anchor = ReferenceDocs.anchor(line.replaceFirst("^#+ ", "").replace("`", ""));
        String unique = anchor;
        for (int i = 1; out.contains(unique); i++) {
          unique = anchor + "-" + i;
        }
        out.add(unique);
      }
    }
    return out;
  }

  /** The text without fenced code blocks, whose lines are neither headings nor links. */
  private static String withoutCode(String markdown) {
    return markdown.replaceAll("(?ms)^```.*?^```\\s*$", "");
  }

  /** Where two texts part: the line number and both lines. */
  static String firstDifference(String committed, String generated) {
    List<String> a = committed.lines().toList();
    List<String> b = generated.lines().toList();
    for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
      String x = i < a.size() ? a.get(i) : "<end of file>";
      String y = i < b.size() ? b.get(i) : "<end of file>";
      if (!x.equals(y)) {
        return "first at line " + (i + 1) + ": committed \"" + x + "\", generated \"" + y + "\"";
      }
    }
    return "in line endings or the final newline";
  }
}

package com.brandpulse.ingest.format;

import java.net.URI;
import java.util.Locale;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/**
 * Post bodies that platforms deliver as HTML (Mastodon's {@code content}, YouTube's {@code
 * textDisplay}) made into the text a reader sees: paragraphs and line breaks become newlines,
 * entities are decoded, and links keep what the masking needs: a mention link becomes
 * {@code @user@host} (one person on the fediverse, pseudonymised by the cleaner like any handle), a
 * shortened link its full address, a hashtag link its tag.
 */
public final class HtmlText {
  private HtmlText() {}

  public static String text(String html) {
    if (html == null) {
      return null;
    }
    if (html.indexOf('<') < 0 && html.indexOf('&') < 0) {
      return html;
    }
    StringBuilder out = new StringBuilder();
    for (Node node : Jsoup.parseBodyFragment(html).body().childNodes()) {
      append(node, out);
    }
    return out.toString().replaceAll("[ \\t]+\\n", "\n").replaceAll("\\n{3,}", "\n\n").strip();
  }

  private static void append(Node node, StringBuilder out) {
    if (node instanceof TextNode t) {
      out.append(t.getWholeText());
      return;
    }
    if (!(node instanceof Element e)) {
      return;
    }
    String tag = e.normalName();
    switch (tag) {
      case "br" -> out.append('\n');
      case "a" -> out.append(link(e));
      case "p", "div", "li", "blockquote" -> {
        if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
          out.append('\n');
        }
        e.childNodes().forEach(c -> append(c, out));
        out.append(tag.equals("p") ? "\n\n" : "\n");
      }
      default -> {
        // Mastodon hides the middle of long link texts in span.invisible: the link's href is used
        // instead
        e.childNodes().forEach(c -> append(c, out));
      }
    }
  }

  private static String link(Element a) {
    String shown = a.text().strip();
    String href = a.attr("href").strip();
    String classes = a.className().toLowerCase(Locale.ROOT);
    if (shown.startsWith("@") && (classes.contains("mention") || classes.contains("u-url"))) {
      String user = shown.substring(1);
      String host = host(href);
      // @user on the reader's server is user@host everywhere: the same person wherever it was
      // written
      return host == null || user.contains("@") ? shown : "@" + user + "@" + host;
    }
    if (shown.startsWith("#") || href.isEmpty()) {
      return shown;
    }
    if (href.startsWith("http") && !a.select(".invisible, .ellipsis").isEmpty()) {
      return href;
    }
    return shown.isEmpty() ? href : shown;
  }

  private static String host(String href) {
    try {
      String host = URI.create(href).getHost();
      return host == null ? null : host.toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}

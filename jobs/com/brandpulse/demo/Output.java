package com.brandpulse.demo;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The archive folder as the writers see it: opens files (counting them per format for the summary),
 * with the JSON factories and the escaping the formats share.
 */
final class Output {
  final Path out;

  /**
   * v1.1 payloads escape every non-ASCII character, as Twitter's did; each line's newline is
   * written by hand.
   */
  final JsonFactory v1Json =
      new JsonFactoryBuilder()
          .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
          .rootValueSeparator("")
          .build();

  final JsonFactory plainJson = new JsonFactoryBuilder().rootValueSeparator("").build();

  /** Files written per format, in the order formats were first written. */
  final Map<String, Long> files = new LinkedHashMap<>();

  Output(Path out) {
    this.out = out;
  }

  /** A file under the archive folder. */
  Path resolve(String folder, String name) {
    return out.resolve(folder).resolve(name);
  }

  OutputStream open(Path f, String format) throws IOException {
    Files.createDirectories(f.getParent());
    files.merge(format, 1L, Long::sum);
    return new BufferedOutputStream(Files.newOutputStream(f), 1 << 16);
  }

  Writer writer(Path f, String format) throws IOException {
    return new BufferedWriter(new OutputStreamWriter(open(f, format), StandardCharsets.UTF_8));
  }

  /** Twitter and Reddit serve text HTML-escaped (&amp; &lt; &gt;); so does this archive. */
  static String html(String s) {
    if (s.indexOf('&') < 0 && s.indexOf('<') < 0 && s.indexOf('>') < 0) return s;
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  static String csvField(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0)
      return s;
    return '"' + s.replace("\"", "\"\"") + '"';
  }
}

package com.brandpulse.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cuts one source file into raw records, streaming, whatever its layout: JSON lines, a JSON array or
 * JavaScript assignment (archive exports), one JSON document (a search envelope, a pretty-printed
 * object), or CSV. Compressed files (.gz, .bz2) are decompressed by Hadoop's codecs. Nothing is parsed
 * into posts here; a record that cannot be cut or decoded comes out with a read error, never dropped.
 */
public final class RecordReader implements Iterator<RawRecord>, Closeable {
  static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
  private static final int HEAD_BYTES = 64 * 1024;
  private static final Pattern JS_ASSIGNMENT = Pattern.compile(
      "^(window\\.YTD\\.(\\w+)\\.part\\d+|Grailbird\\.data\\.\\w+|window\\.__THAR_CONFIG|var\\s+\\w+)\\s*=");
  /** YTD globals that hold posts; the other archive files (likes, followers...) are not posts. */
  private static final List<String> YTD_POST_FILES =
      List.of("tweets", "tweet", "deleted_tweets", "note_tweet", "community_tweet");

  private final SourceFile file;
  private final IngestSettings settings;
  private final InputStream in;
  private final Deque<RawRecord> ready = new ArrayDeque<>();
  private String container;
  private String format;
  private long position;
  private boolean finished;
  // element container state
  private JsonParser elements;
  // csv container state
  private CsvParser csv;
  private String[] header;

  public RecordReader(SourceFile file, IngestSettings settings) {
    this.file = file;
    this.settings = settings;
    try {
      Path path = new Path(file.path());
      FileSystem fs = path.getFileSystem(new Configuration());
      InputStream raw = fs.open(path);
      CompressionCodec codec = new CompressionCodecFactory(fs.getConf()).getCodec(path);
      this.in = new BufferedInputStream(codec == null ? raw : codec.createInputStream(raw), HEAD_BYTES * 2);
      start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file.path(), e);
    }
  }

  /** All records of a file in memory; for tests and small files. */
  public static List<RawRecord> readAll(SourceFile file, IngestSettings settings) {
    try (RecordReader reader = new RecordReader(file, settings)) {
      List<RawRecord> out = new java.util.ArrayList<>();
      reader.forEachRemaining(out::add);
      return out;
    }
  }

  private void start() throws IOException {
    in.mark(HEAD_BYTES + 8);
    byte[] headBytes = in.readNBytes(HEAD_BYTES);
    in.reset();
    skipBom(headBytes);
    String head = new String(headBytes, StandardCharsets.UTF_8).stripLeading();
    if (head.startsWith("\uFEFF")) {
      head = head.substring(1).stripLeading();
    }
    String forced = file.format();
    Matcher js = JS_ASSIGNMENT.matcher(head);
    if (js.find()) {
      String global = js.group(1);
      if (global.startsWith("window.YTD.") && !YTD_POST_FILES.contains(js.group(2))
          || global.startsWith("window.__THAR_CONFIG") || global.startsWith("var ")) {
        container = "document";
        format = Formats.ARCHIVE_METADATA;
        ready.add(new RawRecord(++position, container, format, global, null));
        finished = true;
        return;
      }
      skipTo('[');
      openElements(Formats.TWITTER_ARCHIVE);
      return;
    }
    if (head.startsWith("[")) {
      openElements(null);
      return;
    }
    if (head.startsWith("{")) {
      String firstLine = firstLine(head);
      if (isCompleteJson(firstLine) || laterLineIsCompleteJson(head)) {
        container = "line";
        format = forced.equals(Formats.AUTO) ? familyOf(firstLine) : forced;
      } else {
        readDocument();
      }
      return;
    }
    IngestSettings.CsvMapping mapping = csvMapping(firstLine(head));
    if (mapping != null || forced.startsWith("csv") || isCsvName(file.path())) {
      openCsv(mapping);
      return;
    }
    container = "line";
    format = Formats.UNKNOWN;
  }

  private void skipBom(byte[] head) throws IOException {
    if (head.length >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF) {
      in.skipNBytes(3);
    }
  }

  /** Skips a JavaScript assignment prefix, leaving the stream at the opening bracket. */
  private void skipTo(char c) throws IOException {
    while (true) {
      in.mark(2);
      int b = in.read();
      if (b == -1 || b == c) {
        in.reset();
        return;
      }
    }
  }

  private static boolean isCsvName(String path) {
    String name = path.toLowerCase(java.util.Locale.ROOT).replaceAll("\\.(gz|bz2)$", "");
    return name.endsWith(".csv");
  }

  private static String firstLine(String head) {
    int nl = head.indexOf('\n');
    return (nl < 0 ? head : head.substring(0, nl)).strip();
  }

  /**
   * JSON lines whose first line is broken still have whole objects on later lines; a pretty-printed
   * document has none (its inner lines end in commas or open brackets).
   */
  private static boolean laterLineIsCompleteJson(String head) {
    String[] lines = head.split("\n", 22);
    for (int i = 1; i < Math.min(lines.length, 21); i++) {
      String line = lines[i].strip();
      if (line.startsWith("{") && line.length() > 2 && isCompleteJson(line)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isCompleteJson(String text) {
    try (JsonParser p = JSON.getFactory().createParser(text)) {
      JSON.readTree(p);
      return p.nextToken() == null;
    } catch (IOException e) {
      return false;
    }
  }

  private String familyOf(String json) {
    try {
      return Formats.family(JSON.readTree(json));
    } catch (IOException e) {
      return Formats.UNKNOWN;
    }
  }

  private IngestSettings.CsvMapping csvMapping(String headerLine) {
    if (!headerLine.contains(",")) {
      return null;
    }
    String forced = file.format();
    if (forced.startsWith(Formats.CSV_PREFIX)) {
      IngestSettings.CsvMapping named = settings.csvMappings().get(forced.substring(Formats.CSV_PREFIX.length()));
      if (named == null) {
        throw new IllegalArgumentException("no CSV mapping named " + forced + " in conf");
      }
      return named;
    }
    List<String> columns = Arrays.asList(newCsvParser().parseLine(headerLine));
    for (IngestSettings.CsvMapping m : settings.csvMappings().values()) {
      if (columns.containsAll(m.requiredColumns())) {
        return m;
      }
    }
    return null;
  }

  private CsvParser newCsvParser() {
    CsvParserSettings s = new CsvParserSettings();
    s.setLineSeparatorDetectionEnabled(true);
    s.setMaxCharsPerColumn(settings.maxRecordBytes());
    s.setMaxColumns(1024);
    s.setSkipEmptyLines(true);
    s.setNullValue("");
    s.setEmptyValue("");
    s.setIgnoreLeadingWhitespaces(false);
    s.setIgnoreTrailingWhitespaces(false);
    return new CsvParser(s);
  }

  private void openCsv(IngestSettings.CsvMapping mapping) {
    container = "csv";
    format = mapping == null ? "csv" : Formats.CSV_PREFIX + mapping.name();
    csv = newCsvParser();
    csv.beginParsing(new InputStreamReader(in, StandardCharsets.UTF_8));
    header = csv.parseNext();
  }

  private void openElements(String knownFormat) throws IOException {
    container = "element";
    format = knownFormat;
    elements = JSON.getFactory().createParser(in);
    if (elements.nextToken() != JsonToken.START_ARRAY) {
      throw new IOException("expected a JSON array");
    }
  }

  /** A file that is one JSON value (pretty-printed): read whole, exploding a search envelope. */
  private void readDocument() throws IOException {
    container = "document";
    byte[] bytes = in.readNBytes(settings.maxRecordBytes() + 1);
    String forced = file.format();
    if (bytes.length > settings.maxRecordBytes()) {
      format = Formats.UNKNOWN;
      ready.add(new RawRecord(++position, container, format, new String(bytes, 0, 4096, StandardCharsets.UTF_8),
          "record_too_large: JSON document exceeds ingest.max-record-bytes=" + settings.maxRecordBytes()));
      finished = true;
      return;
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    String utf8Error = strictUtf8Error(bytes, bytes.length);
    JsonNode doc;
    try {
      doc = JSON.readTree(text);
    } catch (IOException e) {
      format = forced.equals(Formats.AUTO) ? Formats.UNKNOWN : forced;
      ready.add(new RawRecord(++position, container, format, text, "bad_json: invalid JSON document: " + message(e)));
      finished = true;
      return;
    }
    if (doc.isObject() && doc.path("statuses").isArray()) {
      // a REST search envelope: the statuses are the records, search_metadata is not a post
      format = forced.equals(Formats.AUTO) ? Formats.TWITTER_V1 : forced;
      for (JsonNode status : doc.get("statuses")) {
        ready.add(new RawRecord(++position, container, format, JSON.writeValueAsString(status), utf8Error));
      }
    } else {
      format = forced.equals(Formats.AUTO) ? Formats.family(doc) : forced;
      ready.add(new RawRecord(++position, container, format, text, utf8Error));
    }
    finished = true;
  }

  private static String message(Exception e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int cut = m.indexOf("\n at [Source");
    return (cut > 0 ? m.substring(0, cut) : m).replace('\n', ' ');
  }

  @Override
  public boolean hasNext() {
    if (ready.isEmpty() && !finished) {
      try {
        readNext();
      } catch (IOException e) {
        throw new UncheckedIOException("reading " + file.path(), e);
      }
    }
    return !ready.isEmpty();
  }

  @Override
  public RawRecord next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return ready.poll();
  }

  private void readNext() throws IOException {
    switch (container) {
      case "line" -> readLine();
      case "element" -> readElement();
      case "csv" -> readCsv();
      default -> finished = true;
    }
  }

  private void readLine() throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream(4096);
    while (true) {
      buf.reset();
      long lineLength = 0;
      int b;
      boolean sawAny = false;
      while ((b = in.read()) != -1) {
        sawAny = true;
        if (b == '\n') {
          break;
        }
        if (lineLength++ < settings.maxRecordBytes()) {
          buf.write(b);
        }
      }
      if (!sawAny) {
        finished = true;
        return;
      }
      position++;
      byte[] bytes = buf.toByteArray();
      int len = bytes.length;
      if (len > 0 && bytes[len - 1] == '\r') {
        len--; // CRLF files from the streaming API
      }
      if (lineLength > settings.maxRecordBytes()) {
        ready.add(new RawRecord(position, container, format,
            new String(bytes, 0, Math.min(len, 4096), StandardCharsets.UTF_8),
            "record_too_large: line of " + lineLength + " bytes exceeds ingest.max-record-bytes="
                + settings.maxRecordBytes()));
        return;
      }
      if (isBlank(bytes, len)) {
        position--; // blank lines separate records; they are not records themselves
        if (b == -1) {
          finished = true;
          return;
        }
        continue;
      }
      String decodeError = strictUtf8Error(bytes, len);
      String text = new String(bytes, 0, len, StandardCharsets.UTF_8);
      ready.add(new RawRecord(position, container, format, text, decodeError));
      return;
    }
  }

  private static boolean isBlank(byte[] bytes, int len) {
    for (int i = 0; i < len; i++) {
      if (bytes[i] != ' ' && bytes[i] != '\t' && bytes[i] != '\r') {
        return false;
      }
    }
    return true;
  }

  /** Null when the bytes are valid UTF-8, else where they are not. */
  static String strictUtf8Error(byte[] bytes, int len) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer input = ByteBuffer.wrap(bytes, 0, len);
    CharBuffer output = CharBuffer.allocate(len + 1);
    CoderResult result = decoder.decode(input, output, true);
    if (result.isError()) {
      return "invalid_utf8: invalid UTF-8 byte sequence at byte " + input.position() + " of the record";
    }
    return null;
  }

  private void readElement() throws IOException {
    try {
      JsonToken token = elements.nextToken();
      if (token == null || token == JsonToken.END_ARRAY) {
        finished = true;
        return;
      }
      JsonNode node = JSON.readTree(elements);
      position++;
      if (format == null) {
        format = file.format().equals(Formats.AUTO) ? Formats.family(node) : file.format();
      }
      ready.add(new RawRecord(position, container, format, JSON.writeValueAsString(node), null));
    } catch (IOException e) {
      // the array cannot be followed past a syntax error: the rest of the file is one bad record
      position++;
      ready.add(new RawRecord(position, container, format == null ? Formats.UNKNOWN : format, null,
          "bad_json: array unreadable after element " + (position - 1) + ": " + message(e)));
      finished = true;
    }
  }

  private void readCsv() {
    String[] values = csv.parseNext();
    if (values == null) {
      finished = true;
      return;
    }
    position++;
    long line = csv.getContext().currentLine();
    if (header == null || values.length != header.length) {
      ArrayNode array = JSON.createArrayNode();
      for (String v : values) {
        array.add(v);
      }
      ready.add(new RawRecord(position, container, format, array.toString(),
          "bad_csv_record: record ending on line " + line + " has " + values.length
              + " fields but the header has " + (header == null ? 0 : header.length)
              + " (an unquoted line break or a stray quote?)"));
      return;
    }
    ObjectNode object = JSON.createObjectNode();
    for (int i = 0; i < header.length; i++) {
      object.put(header[i], values[i]);
    }
    String error = format.equals("csv")
        ? "unknown_csv_layout: no CSV mapping in conf (ingest.csv-mappings) matches header "
            + Arrays.toString(header)
        : null;
    if (error == null && object.toString().indexOf('\uFFFD') >= 0) {
      error = "invalid_utf8: the record holds bytes that are not valid UTF-8 (shown as U+FFFD)";
    }
    ready.add(new RawRecord(position, container, format, object.toString(), error));
  }

  @Override
  public void close() {
    try {
      if (csv != null) {
        csv.stopParsing();
      }
      if (elements != null) {
        elements.close();
      }
      in.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

}

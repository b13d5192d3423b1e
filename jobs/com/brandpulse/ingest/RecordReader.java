package com.brandpulse.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;

/**
 * Cuts one source file into raw records, streaming, whatever its layout: JSON lines, a JSON array
 * or JavaScript assignment (archive exports), one JSON document (a search envelope, a
 * pretty-printed object), or CSV. Compressed files (.gz, .bz2) are decompressed by Hadoop's codecs.
 * Nothing is parsed into posts here; a record that cannot be cut or decoded comes out with a read
 * error, never dropped.
 */
public final class RecordReader implements Iterator<RawRecord>, Closeable {
  public static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
  private static final int HEAD_BYTES = 64 * 1024;
  private static final Pattern JS_ASSIGNMENT =
      Pattern.compile(
          "^(window\\.YTD\\.(\\w+)\\.part\\d+|Grailbird\\.data\\.\\w+|window\\.__THAR_CONFIG|var\\s+\\w+)\\s*=");

  /** YTD globals that hold posts; the other archive files (likes, followers...) are not posts. */
  private static final List<String> YTD_POST_FILES =
      List.of("tweets", "tweet", "deleted_tweets", "note_tweet", "community_tweet");

  /**
   * An ActivityPub collection (a Mastodon outbox): its items are read one by one, however large the
   * file.
   */
  private static final Pattern ORDERED_ITEMS =
      Pattern.compile(
          "\"type\"\\s*:\\s*\"OrderedCollection(?:Page)?\"[\\s\\S]*\"orderedItems\"\\s*:\\s*\\[|"
              + "\"orderedItems\"\\s*:\\s*\\[[\\s\\S]*\"type\"\\s*:\\s*\"OrderedCollection");

  private final SourceFile file;
  private final IngestSettings settings;

  /** ingest.max-record-bytes: a longer line or document is one record too large. */
  private final long maxBytes;

  private final InputStream in;

  /** The file's bytes as they come off the file system, before decompression: what is hashed. */
  private final HashingStream raw;

  private final Deque<RawRecord> ready = new ArrayDeque<>();

  /** Lines read while deciding the layout, to be cut before reading on. */
  private final Deque<RawText.Line> pending = new ArrayDeque<>();

  private String container;
  private String format;
  private long position;
  private boolean finished;
  // element container state
  private JsonParser elements;
  // csv container state
  private CsvRecords csv;

  public RecordReader(SourceFile file, IngestSettings settings) {
    this.file = file;
    this.settings = settings;
    this.maxBytes = settings.maxRecordBytes();
    try {
      Path path = new Path(file.path());
      FileSystem fs = path.getFileSystem(new Configuration());
      this.raw = HashingStream.open(fs, path);
      CompressionCodec codec = new CompressionCodecFactory(fs.getConf()).getCodec(path);
      this.in =
          new BufferedInputStream(
              codec == null ? raw : codec.createInputStream(raw), HEAD_BYTES * 2);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + file.path(), e);
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

  /**
   * What was read of the file: its SHA-256 and size, over the bytes on disk (compressed, as
   * stored).
   */
  public record Digest(String sha256, long bytes) {}

  /**
   * Reads what is left of the file's bytes (after the last record, or after a fault in
   * decompression or parsing) and returns the hash of everything read: the records came from
   * exactly these bytes.
   */
  public Digest finish() throws IOException {
    raw.readRest();
    return new Digest(raw.sha256(), raw.count());
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
          || global.startsWith("window.__THAR_CONFIG")
          || global.startsWith("var ")) {
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
    if (head.startsWith("{") && ORDERED_ITEMS.matcher(head).find() && openCollection()) {
      return;
    }
    if (head.startsWith("{")) {
      openJsonText();
      return;
    }
    IngestSettings.CsvMapping mapping =
        CsvRecords.mapping(RawText.firstLine(head), forced, settings);
    if (mapping != null || forced.startsWith("csv") || CsvRecords.isCsvName(file.path())) {
      container = "csv";
      csv = CsvRecords.open(in, mapping, settings);
      format = csv.format();
      return;
    }
    container = "line";
    format = Formats.UNKNOWN;
  }

  /**
   * Text that starts with an object: JSON lines, one document, or several documents one after
   * another. Decided on whole lines, however long (a twarc2 page is one line of hundreds of KB): a
   * first line that is a complete value makes JSON lines. Otherwise the lines are gathered up to
   * ingest.max-record-bytes and read as a stream of values; when they are not one (a broken first
   * line) but later lines are whole objects, it is JSON lines whose first record is bad.
   */
  private void openJsonText() throws IOException {
    String forced = file.format();
    RawText.Line first = RawText.nextLine(in, maxBytes);
    while (first != null && first.isBlank()) {
      first = RawText.nextLine(in, maxBytes);
    }
    if (first == null) {
      finished = true;
      return;
    }
    if (first.tooLong() || RawText.isCompleteJson(first.text())) {
      lineMode(
          forced.equals(Formats.AUTO) && !first.tooLong() ? RawText.familyOf(first.text()) : null);
      pending.add(first);
      return;
    }
    List<RawText.Line> lines = new java.util.ArrayList<>(List.of(first));
    long total = first.length();
    String laterFamily = null;
    boolean eof = false;
    while (total <= maxBytes) {
      RawText.Line line = RawText.nextLine(in, maxBytes);
      if (line == null) {
        eof = true;
        break;
      }
      lines.add(line);
      total += line.length() + 1;
      String text = line.tooLong() ? "" : line.text().strip();
      if (laterFamily == null
          && text.startsWith("{")
          && text.length() > 2
          && RawText.isCompleteJson(text)) {
        laterFamily = RawText.familyOf(text);
      }
    }
    String parseError = null;
    if (eof) {
      ByteArrayOutputStream joined = new ByteArrayOutputStream((int) total);
      for (RawText.Line l : lines) {
        joined.write(l.bytes(), 0, l.kept());
        joined.write('\n');
      }
      parseError = documents(joined.toByteArray());
      if (parseError == null) {
        return;
      }
    }
    if (laterFamily != null) {
      lineMode(forced.equals(Formats.AUTO) ? laterFamily : null);
      pending.addAll(lines);
      return;
    }
    container = "document";
    format = forced.equals(Formats.AUTO) ? Formats.UNKNOWN : forced;
    String shown =
        new String(first.bytes(), 0, Math.min(first.kept(), 4096), StandardCharsets.UTF_8);
    ready.add(
        new RawRecord(
            ++position,
            container,
            format,
            shown,
            eof
                ? QuarantineReason.BAD_JSON.error("invalid JSON document: " + parseError)
                : QuarantineReason.RECORD_TOO_LARGE.error(
                    "JSON document exceeds ingest.max-record-bytes=" + maxBytes)));
    finished = true;
  }

  private void lineMode(String detected) {
    container = "line";
    format =
        file.format().equals(Formats.AUTO)
            ? (detected == null ? Formats.UNKNOWN : detected)
            : file.format();
  }

  private void skipBom(byte[] head) throws IOException {
    if (head.length >= 3
        && (head[0] & 0xFF) == 0xEF
        && (head[1] & 0xFF) == 0xBB
        && (head[2] & 0xFF) == 0xBF) {
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

  /**
   * An ActivityPub OrderedCollection (a Mastodon account export's outbox.json, often tens of MB on
   * one line): each element of its top-level {@code orderedItems} is a record, so the file is never
   * one record over ingest.max-record-bytes and one bad activity spoils only itself. The other
   * members (@context, totals) are not posts. False, with the stream back at the start, when the
   * array is not a member of the top-level object.
   */
  private boolean openCollection() throws IOException {
    in.mark(HEAD_BYTES * 2);
    JsonParser parser = JSON.getFactory().createParser(in);
    if (parser.nextToken() == JsonToken.START_OBJECT) {
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (name.equals("orderedItems") && value == JsonToken.START_ARRAY) {
          container = "element";
          elements = parser;
          return true;
        }
        parser.skipChildren();
        if (parser.currentLocation().getByteOffset() > HEAD_BYTES) {
          break;
        }
      }
    }
    in.reset();
    return false;
  }

  private void openElements(String knownFormat) throws IOException {
    container = "element";
    format = knownFormat;
    elements = JSON.getFactory().createParser(in);
    if (elements.nextToken() != JsonToken.START_ARRAY) {
      throw new IOException("expected a JSON array");
    }
  }

  /**
   * Text that is one or more whole JSON values (pretty-printed): one record per value, a search
   * envelope exploded into its statuses. Returns why the text is not a sequence of JSON values, or
   * null when it is.
   */
  private String documents(byte[] bytes) {
    String forced = file.format();
    List<JsonNode> values = new java.util.ArrayList<>();
    try (com.fasterxml.jackson.databind.MappingIterator<JsonNode> it =
        JSON.readerFor(JsonNode.class).readValues(bytes)) {
      while (it.hasNextValue()) {
        values.add(it.nextValue());
      }
    } catch (IOException | RuntimeException e) {
      return RawText.message(e);
    }
    if (values.isEmpty()) {
      return "no JSON value";
    }
    container = "document";
    String utf8Error = RawText.strictUtf8Error(bytes, bytes.length);
    for (JsonNode doc : values) {
      if (doc.isObject() && doc.path("statuses").isArray()) {
        // a REST search envelope: the statuses are the records, search_metadata is not a post
        format = forced.equals(Formats.AUTO) ? Formats.TWITTER_V1 : forced;
        for (JsonNode status : doc.get("statuses")) {
          ready.add(new RawRecord(++position, container, format, RawText.write(status), utf8Error));
        }
      } else {
        format = forced.equals(Formats.AUTO) ? Formats.family(doc) : forced;
        String text =
            values.size() == 1
                ? new String(bytes, StandardCharsets.UTF_8).strip()
                : RawText.write(doc);
        ready.add(new RawRecord(++position, container, format, text, utf8Error));
      }
    }
    finished = true;
    return null;
  }

  @Override
  public boolean hasNext() {
    if (ready.isEmpty() && !finished) {
      try {
        if (container == null) {
          start(); // on first use, so that a fault in the first bytes is the caller's to record
          // like any other
        }
        if (ready.isEmpty() && !finished) {
          readNext();
        }
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
    while (true) {
      RawText.Line line = pending.isEmpty() ? RawText.nextLine(in, maxBytes) : pending.poll();
      if (line == null) {
        finished = true;
        return;
      }
      if (line.isBlank()) {
        continue; // blank lines separate records; they are not records themselves
      }
      position++;
      if (line.tooLong()) {
        ready.add(
            new RawRecord(
                position,
                container,
                format,
                new String(line.bytes(), 0, Math.min(line.kept(), 4096), StandardCharsets.UTF_8),
                QuarantineReason.RECORD_TOO_LARGE.error(
                    "line of "
                        + line.length()
                        + " bytes exceeds ingest.max-record-bytes="
                        + maxBytes)));
        return;
      }
      ready.add(
          new RawRecord(
              position,
              container,
              format,
              line.text(),
              RawText.strictUtf8Error(line.bytes(), line.kept())));
      return;
    }
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
      ready.add(
          new RawRecord(
              position,
              container,
              format == null ? Formats.UNKNOWN : format,
              null,
              QuarantineReason.BAD_JSON.error(
                  "array unreadable after element " + (position - 1) + ": " + RawText.message(e))));
      finished = true;
    }
  }

  private void readCsv() {
    RawRecord r = csv.next(position + 1);
    if (r == null) {
      finished = true;
      return;
    }
    position++;
    ready.add(r);
  }

  @Override
  public void close() {
    try {
      if (csv != null) {
        csv.close();
      }
      if (elements != null) {
        elements.close();
      }
      in.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      try {
        raw.release();
      } catch (IOException e) {
        // the file is read; a fault in closing it changes nothing that was read
      }
    }
  }
}

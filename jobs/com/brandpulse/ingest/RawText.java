package com.brandpulse.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * What {@link RecordReader} asks of raw text before it is a record: lines cut from a stream with
 * their full length (a line over ingest.max-record-bytes keeps only its head), whether bytes are
 * blank or valid UTF-8, whether text is one complete JSON value, and a parser's message without its
 * source dump.
 */
final class RawText {
  private RawText() {}

  /**
   * One line as read: its bytes up to ingest.max-record-bytes (CR of CRLF dropped) and its full
   * length.
   */
  record Line(byte[] bytes, int kept, long length) {
    /** Longer than the maximum it was read with: only its head was kept. */
    boolean tooLong() {
      return length > bytes.length;
    }

    boolean isBlank() {
      return RawText.isBlank(bytes, kept);
    }

    String text() {
      return new String(bytes, 0, kept, StandardCharsets.UTF_8);
    }
  }

  /**
   * The next line of {@code in}, its bytes kept up to {@code maxBytes}, or null at the end of the
   * stream.
   */
  static Line nextLine(InputStream in, long maxBytes) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream(4096);
    long lineLength = 0;
    int b;
    boolean sawAny = false;
    while ((b = in.read()) != -1) {
      sawAny = true;
      if (b == '\n') {
        break;
      }
      if (lineLength++ < maxBytes) {
        buf.write(b);
      }
    }
    if (!sawAny) {
      return null;
    }
    byte[] bytes = buf.toByteArray();
    int len = bytes.length;
    if (len > 0 && bytes[len - 1] == '\r') {
      len--; // CRLF files from the streaming API
    }
    return new Line(bytes, len, lineLength);
  }

  /** True when the first {@code len} bytes are only spaces, tabs and carriage returns. */
  static boolean isBlank(byte[] bytes, int len) {
    for (int i = 0; i < len; i++) {
      if (bytes[i] != ' ' && bytes[i] != '\t' && bytes[i] != '\r') {
        return false;
      }
    }
    return true;
  }

  /** Null when the bytes are valid UTF-8, else where they are not. */
  static String strictUtf8Error(byte[] bytes, int len) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer input = ByteBuffer.wrap(bytes, 0, len);
    CharBuffer output = CharBuffer.allocate(len + 1);
    CoderResult result = decoder.decode(input, output, true);
    if (result.isError()) {
      return QuarantineReason.INVALID_UTF8.error(
          "invalid UTF-8 byte sequence at byte " + input.position() + " of the record");
    }
    return null;
  }

  /** The text up to the first line break, stripped. */
  static String firstLine(String head) {
    int nl = head.indexOf('\n');
    return (nl < 0 ? head : head.substring(0, nl)).strip();
  }

  /** True when {@code text} is one JSON value and nothing after it. */
  static boolean isCompleteJson(String text) {
    try (JsonParser p = RecordReader.JSON.getFactory().createParser(text)) {
      RecordReader.JSON.readTree(p);
      return p.nextToken() == null;
    } catch (IOException e) {
      return false;
    }
  }

  /** The value as compact JSON text. */
  static String write(JsonNode node) {
    try {
      return RecordReader.JSON.writeValueAsString(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A parser's message on one line, without the source excerpt Jackson appends. */
  static String message(Exception e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int cut = m.indexOf("\n at [Source");
    return (cut > 0 ? m.substring(0, cut) : m).replace('\n', ' ');
  }

  /** The format family of a JSON text ({@link Formats#family}), unknown when it does not parse. */
  static String familyOf(String json) {
    try {
      return Formats.family(RecordReader.JSON.readTree(json));
    } catch (IOException e) {
      return Formats.UNKNOWN;
    }
  }
}

package com.brandpulse.ingest;

import java.util.Locale;

/**
 * Why a record went to silver.quarantine instead of silver.posts: the one list of reason codes. The
 * code (the constant's name in lower case) is what {@code reason_code} holds and what alerts and
 * dashboards group by; the sentence beside it is the reason a person reads.
 */
public enum QuarantineReason {
  // reading the file
  BAD_JSON("the record is not valid JSON"),
  TRUNCATED_RECORD("the record ends mid-JSON"),
  UNKNOWN_FORMAT("the file is in no format ingest reads"),
  RECORD_TOO_LARGE("the record exceeds ingest.max-record-bytes"),
  INVALID_UTF8("the bytes are not UTF-8"),
  BAD_CSV_RECORD("a CSV record could not be cut"),
  UNKNOWN_CSV_LAYOUT("a CSV file whose header matches no mapping"),
  UNREADABLE("the record could not be read"),
  // its shape
  UNKNOWN_SHAPE("a JSON object no format recognises"),
  WRONG_TYPE("a field holds the wrong JSON type"),
  // its fields
  MISSING_ID("the record has no post id"),
  BAD_ID("the post id is not exact or not valid"),
  MISSING_TIMESTAMP("the record has no creation time"),
  BAD_TIMESTAMP("the creation time is not a timestamp"),
  IMPOSSIBLE_TIMESTAMP("the creation time is before the platform existed or in the future"),
  MISSING_TEXT("the record has no text field"),
  EMPTY_TEXT("the post text is empty"),
  TEXT_TOO_LONG("the text exceeds ingest.max-text-chars"),
  // set by the silver merge, not the parser
  DELETED_UPSTREAM("the post has a delete notice");

  private final String meaning;

  QuarantineReason(String meaning) {
    this.meaning = meaning;
  }

  /** The code stored in reason_code. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String meaning() {
    return meaning;
  }

  /** A read error as the reader passes it on: "code: message". */
  public String error(String message) {
    return code() + ": " + message;
  }

  /** The reason of a read error's code, or {@link #UNREADABLE} for one this list does not know. */
  public static QuarantineReason ofCode(String code) {
    for (QuarantineReason r : values()) {
      if (r.code().equals(code)) {
        return r;
      }
    }
    return UNREADABLE;
  }
}

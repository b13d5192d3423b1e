package com.brandpulse.ingest.format;

import com.brandpulse.common.Pseudonymizer;
import com.brandpulse.ingest.IngestSettings;
import com.brandpulse.ingest.Item;
import com.brandpulse.ingest.TextCleaner;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * What every format needs besides the record: settings, the pseudonymiser and text cleaner, the
 * run's clock, the file's format and the archive owner (for exports whose posts carry no author).
 */
public final class ParseContext {
  private final IngestSettings settings;
  private final Pseudonymizer pseudonyms;
  private final TextCleaner cleaner;
  private final Instant now;
  private String fileFormat;
  private String ownerHandle;

  public ParseContext(
      IngestSettings settings, Pseudonymizer pseudonyms, TextCleaner cleaner, Instant now) {
    this.settings = settings;
    this.pseudonyms = pseudonyms;
    this.cleaner = cleaner;
    this.now = now;
  }

  /** Sets the record being parsed: its file's format and the archive owner's handle, if known. */
  public ParseContext record(String fileFormat, String ownerHandle) {
    this.fileFormat = fileFormat;
    this.ownerHandle = ownerHandle;
    return this;
  }

  public IngestSettings settings() {
    return settings;
  }

  public Pseudonymizer pseudonyms() {
    return pseudonyms;
  }

  public TextCleaner cleaner() {
    return cleaner;
  }

  public Instant now() {
    return now;
  }

  public String fileFormat() {
    return fileFormat;
  }

  public String ownerHandle() {
    return ownerHandle;
  }

  /** A post of {@code platform} read from {@code sourceFormat}, built field by field. */
  public PostBuilder post(String platform, String sourceFormat) {
    return new PostBuilder(this, platform, sourceFormat);
  }

  /** The item a parse gives, or the quarantine entry of the first problem it met. */
  public Item guard(Supplier<Item> parse) {
    try {
      return parse.get();
    } catch (Rejected r) {
      return Item.quarantine(r.reason().code(), r.getMessage());
    }
  }

  /** Pseudonym of a handle on a platform (null for none). */
  public String handle(String platform, String handle) {
    return pseudonyms.handle(platform, handle);
  }

  /** Pseudonym of a platform's account id (null for none). */
  public String accountId(String platform, String id) {
    return pseudonyms.accountId(platform, id);
  }
}

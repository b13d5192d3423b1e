package com.brandpulse.ingest.format;

import com.brandpulse.ingest.QuarantineReason;

/** A record a format could not use: its reason and the sentence for silver.quarantine. */
public final class Rejected extends RuntimeException {
  private final QuarantineReason reason;

  public Rejected(QuarantineReason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public QuarantineReason reason() {
    return reason;
  }
}

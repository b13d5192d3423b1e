package com.brandpulse.demo;

import com.fasterxml.jackson.core.io.SerializedString;
import java.time.LocalDate;

/**
 * An account that posts in the archive: a customer, a brand's official or care account, or an
 * employee.
 */
final class Persona {
  static final int CUSTOMER = 0, OFFICIAL = 1, EMPLOYEE = 2;

  long id;
  String idStr, handle, name, first, location = "", tz = "", v2Created;

  /** The v1.1 "user" object, serialized once: every tweet by this author repeats it. */
  SerializedString v1User;

  boolean ko, verified;
  int followers, following, statuses, listed, kind = CUSTOMER;
  Kit employer;
  LocalDate employedFrom, employedTo;

  boolean employedOn(LocalDate d) {
    return !d.isBefore(employedFrom) && (employedTo == null || !d.isAfter(employedTo));
  }
}

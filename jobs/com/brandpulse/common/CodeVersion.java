package com.brandpulse.common;

import java.io.File;
import java.net.URISyntaxException;

/**
 * The version of the application code that is running: the jar's size and modification time (a
 * rebuilt jar is new code), or {@code classes} when running from a class folder (tests, notebooks),
 * where each job's own logic-version constant is what changes with its definitions.
 */
public final class CodeVersion {
  private static volatile String cached;

  private CodeVersion() {}

  public static String get() {
    String v = cached;
    if (v == null) {
      v = compute();
      cached = v;
    }
    return v;
  }

  private static String compute() {
    try {
      var source = CodeVersion.class.getProtectionDomain().getCodeSource();
      if (source == null) {
        return "unknown";
      }
      File location = new File(source.getLocation().toURI());
      return location.isFile()
          ? "jar:" + location.length() + "@" + location.lastModified()
          : "classes";
    } catch (URISyntaxException | SecurityException e) {
      return "unknown";
    }
  }
}

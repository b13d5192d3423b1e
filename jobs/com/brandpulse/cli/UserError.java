package com.brandpulse.cli;

/**
 * A mistake of the person running a command (a missing input, a bad option value, an unknown week,
 * a SQL syntax error, a missing secret): its message says what is wrong and what to do, in one
 * line. {@link Failures} prints it as {@code brandpulse <command>: <message>} and exits {@link
 * Failures#EXIT_USER_ERROR}, without a stack trace unless {@code --verbose} is given.
 */
public final class UserError extends RuntimeException {
  public UserError(String message) {
    super(message);
  }

  public UserError(String message, Throwable cause) {
    super(message, cause);
  }
}

package com.brandpulse.alert;

import com.brandpulse.alert.Routes.Recipient;
import java.time.Instant;

/** A way of delivering messages (e-mail, webhook): one class each, behind this interface. */
public interface Channel {
  /** Delivers {@code message} to its recipient; returns only when the server accepted it. */
  void send(AlertMessage message, Instant sentAt) throws DeliveryException;

  /**
   * What a failure that is not the recipient's own takes down for the rest of the run (the SMTP
   * server, one webhook URL): later messages to it are recorded as failed without waiting for
   * another time-out.
   */
  String endpoint(Recipient recipient);

  /**
   * Why a delivery failed, and whether the endpoint itself is down (as opposed to this one
   * recipient refused).
   */
  final class DeliveryException extends Exception {
    private final boolean endpointDown;

    public DeliveryException(String message, boolean endpointDown, Throwable cause) {
      super(message, cause);
      this.endpointDown = endpointDown;
    }

    public boolean endpointDown() {
      return endpointDown;
    }
  }
}

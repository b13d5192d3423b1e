package com.brandpulse.alert;

import com.brandpulse.alert.Routes.Recipient;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.util.Date;
import java.util.Properties;
import java.util.function.UnaryOperator;

/**
 * Plain-text e-mail over SMTP (Jakarta Mail, Eclipse Angus), one message per recipient so that each
 * recipient's delivery is recorded and retried on its own. TLS: implicit ({@code alert.smtp.tls},
 * SMTPS) or required STARTTLS ({@code alert.smtp.starttls}), server identity checked;
 * authentication when {@code alert.smtp.user} is set, the password read from the variable {@code
 * alert.smtp.password-env} at send time.
 */
public final class EmailChannel implements Channel {
  private final AlertSettings.Smtp smtp;
  private final MessageText text;
  private final UnaryOperator<String> secrets;

  public EmailChannel(AlertSettings.Smtp smtp, MessageText text, UnaryOperator<String> secrets) {
    this.smtp = smtp;
    this.text = text;
    this.secrets = secrets;
  }

  @Override
  public String endpoint(Recipient recipient) {
    return "smtp " + smtp.host() + ":" + smtp.port();
  }

  @Override
  public void send(AlertMessage message, Instant sentAt) throws DeliveryException {
    if (smtp.host().isBlank()) {
      throw new DeliveryException(
          "alert.smtp.host is not set: no SMTP server to send e-mail through", true, null);
    }
    String password;
    try {
      password = smtp.user().isEmpty() ? null : secrets.apply(smtp.passwordEnv());
    } catch (RuntimeException e) {
      throw new DeliveryException(e.getMessage(), true, e);
    }
    try {
      Session session = Session.getInstance(properties());
      MimeMessage mail = new MimeMessage(session);
      mail.setFrom(new InternetAddress(smtp.from(), true));
      mail.setRecipient(
          Message.RecipientType.TO, new InternetAddress(message.recipient().address(), true));
      mail.setSubject(text.subject(message), "UTF-8");
      mail.setText(text.body(message), "UTF-8", "plain");
      mail.setSentDate(Date.from(sentAt));
      mail.setHeader(
          "Auto-Submitted", "auto-generated"); // RFC 3834: no out-of-office replies to a robot
      mail.setHeader("X-BrandPulse-Message-Id", message.id());
      if (password == null) {
        Transport.send(mail);
      } else {
        Transport.send(mail, smtp.user(), password);
      }
    } catch (SendFailedException e) {
      // When the server refused this address, others may still go through the same server.
      boolean addressRefused =
          e.getInvalidAddresses() != null && e.getInvalidAddresses().length > 0;
      throw new DeliveryException(
          "SMTP "
              + smtp.host()
              + ":"
              + smtp.port()
              + " did not take the message for "
              + message.recipient().label()
              + ": "
              + describe(e),
          !addressRefused,
          e);
    } catch (MessagingException e) {
      throw new DeliveryException(
          "SMTP " + smtp.host() + ":" + smtp.port() + ": " + describe(e), true, e);
    }
  }

  private Properties properties() throws MessagingException {
    Properties p = new Properties();
    p.setProperty("mail.transport.protocol", "smtp");
    p.setProperty("mail.smtp.host", smtp.host());
    p.setProperty("mail.smtp.port", Integer.toString(smtp.port()));
    p.setProperty(
        "mail.smtp.from",
        new InternetAddress(smtp.from(), true).getAddress()); // envelope: the bare address
    p.setProperty("mail.smtp.connectiontimeout", Long.toString(smtp.connectTimeout().toMillis()));
    p.setProperty("mail.smtp.timeout", Long.toString(smtp.timeout().toMillis()));
    p.setProperty("mail.smtp.writetimeout", Long.toString(smtp.timeout().toMillis()));
    p.setProperty("mail.smtp.auth", Boolean.toString(!smtp.user().isEmpty()));
    p.setProperty("mail.smtp.ssl.enable", Boolean.toString(smtp.tls()));
    p.setProperty("mail.smtp.starttls.enable", Boolean.toString(smtp.starttls()));
    p.setProperty("mail.smtp.starttls.required", Boolean.toString(smtp.starttls()));
    p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
    return p;
  }

  /**
   * The message and its innermost cause (connection refused, time-out), which is what an operator
   * needs.
   */
  private static String describe(MessagingException e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + root + ")";
  }
}

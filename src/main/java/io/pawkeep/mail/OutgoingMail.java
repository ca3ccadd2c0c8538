package io.pawkeep.mail;

import java.util.Objects;

/**
 * A plain-text mail to one recipient.
 *
 * @param to the recipient's address
 * @param subject the subject line
 * @param text the UTF-8 body, which may hold one-time links and tokens
 */
public record OutgoingMail(String to, String subject, String text) {

  public OutgoingMail {
    requireText(to, "to");
    requireText(subject, "subject");
    requireText(text, "text");
    // A line break in a header would let the value add headers of its own (Bcc:, a second body).
    requireSingleLine(to, "to");
    requireSingleLine(subject, "subject");
  }

  /** The part of {@code to} after the last {@code @}: all that logs may say about a recipient. */
  String recipientDomain() {
    int at = this.to.lastIndexOf('@');
    return at < 0 || at == this.to.length() - 1 ? "(no domain)" : this.to.substring(at + 1);
  }

  // The generated toString would print the body, and with it any token, wherever a mail is logged.
  @Override
  public String toString() {
    return "OutgoingMail[to=...@" + recipientDomain() + ", subject=" + this.subject + "]";
  }

  private static void requireText(String value, String name) {
    Objects.requireNonNull(value, name + " cannot be null");
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " cannot be blank");
    }
  }

  private static void requireSingleLine(String value, String name) {
    if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
      throw new IllegalArgumentException(name + " cannot contain line breaks");
    }
  }
}

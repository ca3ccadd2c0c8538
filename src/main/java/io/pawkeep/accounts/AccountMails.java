package io.pawkeep.accounts;

import io.pawkeep.mail.MailProperties;
import io.pawkeep.mail.Mailer;
import io.pawkeep.mail.OutgoingMail;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

/** The emails accounts send. Links carry their one-time token as a {@code token} parameter. */
@Component
class AccountMails {

  private final Mailer mailer;
  private final String baseUrl;

  AccountMails(Mailer mailer, MailProperties properties) {
    this.mailer = mailer;
    this.baseUrl = properties.baseUrl();
  }

  void verifyEmail(String to, String token) {
    mailer.send(
        new OutgoingMail(
            to,
            "Confirm your Pawkeep email address",
            "Welcome to Pawkeep.\n\nConfirm your email address by opening this link within 24"
                + " hours:\n\n"
                + link("/verify-email.html", token)
                + "\n\nIf you did not create an account, ignore this message.\n"));
  }

  /**
   * For a repeated registration of an address still unconfirmed (AUTH-10): a password reset link,
   * so the person who opens it in this mailbox chooses the password; completing it confirms the
   * address.
   */
  void finishSigningUp(String to, String token) {
    mailer.send(
        new OutgoingMail(
            to,
            "Finish signing up for Pawkeep",
            "Someone, perhaps you, asked to create a Pawkeep account with this email address,"
                + " which is not confirmed yet.\n\nFinish signing up: confirm your address and"
                + " choose your password by opening this link within 30 minutes:\n\n"
                + link("/reset-password.html", token)
                + "\n\nIf you did not ask for this, ignore this message.\n"));
  }

  void alreadyRegistered(String to) {
    mailer.send(
        new OutgoingMail(
            to,
            "Someone tried to register with your email",
            "Someone tried to create a Pawkeep account with this email address, which already"
                + " has one.\n\nIf it was you, sign in, or ask for a password reset if you"
                + " forgot it.\nIf it was not you, you can ignore this message.\n"));
  }

  void passwordReset(String to, String token) {
    mailer.send(
        new OutgoingMail(
            to,
            "Reset your Pawkeep password",
            "Open this link within 30 minutes to choose a new password:\n\n"
                + link("/reset-password.html", token)
                + "\n\nEvery device signed in to your account will be signed out.\n"
                + "If you did not ask for this, ignore this message.\n"));
  }

  void passwordChanged(String to) {
    mailer.send(
        new OutgoingMail(
            to,
            "Your Pawkeep password was changed",
            "The password of your Pawkeep account was just changed and your other devices were"
                + " signed out.\nIf this was not you, reset your password now.\n"));
  }

  void secondFactorChanged(String to, boolean enabled) {
    mailer.send(
        new OutgoingMail(
            to,
            enabled
                ? "A second factor was added to your Pawkeep account"
                : "The second factor of your Pawkeep account was turned off",
            (enabled
                    ? "An authenticator app now protects your Pawkeep account."
                    : "Your Pawkeep account no longer asks for an authenticator code.")
                + "\nIf this was not you, reset your password now and contact us.\n"));
  }

  private String link(String path, String token) {
    return UriComponentsBuilder.fromUriString(baseUrl)
        .path(path)
        .queryParam("token", token)
        .build()
        .toUriString();
  }
}

package io.pawkeep.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordPolicyTests {

  private static final String EMAIL = "marguerite.lindqvist@fjordmail.example";
  private static final String NAME = "Marguerite Lindqvist";

  // Built once: the first instance loads nbvcxz's dictionaries.
  private static final PasswordPolicy POLICY = new PasswordPolicy();

  private static List<String> violations(String password) {
    return POLICY.violations(password, EMAIL, NAME);
  }

  @ParameterizedTest
  @ValueSource(strings = {"password1234", "qwertyuiopas", "iloveyou1234", "123456789012"})
  void commonTwelveCharacterPasswordIsRejected(String password) {
    assertThat(violations(password)).containsExactly(PasswordPolicy.TOO_COMMON);
  }

  @Test
  void wellKnownPassphraseIsRejectedAsLeaked() {
    assertThat(violations("correct horse battery staple")).contains(PasswordPolicy.TOO_COMMON);
  }

  @Test
  void randomFourWordPassphraseIsAccepted() {
    assertThat(violations("gravy wobble stadium clover")).isEmpty();
  }

  @Test
  void elevenCharacterRandomPasswordIsRejectedForLength() {
    assertThat(violations("xK9#mQ2$vL7")).containsExactly("must be at least 12 characters long");
  }

  @Test
  void noCompositionRulesApply() {
    assertThat(violations("lowercase letters only here")).isEmpty();
  }

  @Test
  void sixtyFourCharacterRandomPasswordIsAccepted() {
    String password = "9fJ#2kLq!xZ7@pWv3mN&8rT$5yB^1cH*6dG(0sE)4aU-7iO+2eQ=9wR_3tY~5uIo";
    assertThat(password).hasSize(64);

    assertThat(violations(password)).isEmpty();
  }

  @Test
  void maximumLengthPasswordIsAcceptedWithoutTruncation() {
    String password = "gravy wobble stadium clover ".repeat(37).substring(0, 1024);

    assertThat(violations(password)).isEmpty();
  }

  @Test
  void longRepetitivePasswordIsRejected() {
    assertThat(violations("a".repeat(1024))).containsExactly(PasswordPolicy.TOO_COMMON);
  }

  @Test
  void passwordOverMaximumLengthIsRejected() {
    String password = "gravy wobble stadium clover ".repeat(37).substring(0, 1025);

    assertThat(violations(password)).containsExactly("must be at most 1024 characters long");
  }

  @Test
  void passwordContainingEmailLocalPartIsRejected() {
    assertThat(violations("Marguerite.Lindqvist gravy wobble"))
        .contains(PasswordPolicy.CONTAINS_PERSONAL_INFO);
  }

  @Test
  void passwordContainingEmailDomainNameIsRejected() {
    assertThat(violations("gravy wobble FjordMail stadium"))
        .containsExactly(PasswordPolicy.CONTAINS_PERSONAL_INFO);
  }

  @Test
  void passwordContainingDisplayNameWordIsRejected() {
    assertThat(POLICY.violations("gravy wobble stadium Hendrix", "x9@example.org", "Jimi Hendrix"))
        .containsExactly(PasswordPolicy.CONTAINS_PERSONAL_INFO);
  }

  @Test
  void shortNameFragmentsAreNotTreatedAsPersonalInfo() {
    assertThat(POLICY.violations("gravy wobble stadium clover", "bo@av.io", "Al Vo")).isEmpty();
  }

  @Test
  void passwordContainingServiceNameIsRejected() {
    assertThat(violations("gravy Pawkeep wobble stadium"))
        .containsExactly(PasswordPolicy.CONTAINS_SERVICE_NAME);
  }

  // These pass nbvcxz's default estimate; only the per-user exclusion words make them fail.
  @ParameterizedTest
  @ValueSource(
      strings = {"p4wk33p-gravy-17", "peekwap stadium", "L1ndqv1st-gravy9", "tsivqdnil wobble"})
  void disguisedServiceOrPersonalNameCountsAgainstStrength(String password) {
    assertThat(violations(password)).containsExactly(PasswordPolicy.TOO_COMMON);
  }

  @Test
  void unicodePassphraseLengthIsCountedInCodePoints() {
    // Eleven emoji are 22 UTF-16 chars but only 11 characters to the user.
    String elevenEmoji = "🐕🐈🐇🦜🐢🦔🐍🦎🐠🐙🦀";
    assertThat(elevenEmoji).hasSize(22);

    assertThat(violations(elevenEmoji)).containsExactly("must be at least 12 characters long");
    assertThat(violations(elevenEmoji + "🐝")).isEmpty();
    assertThat(violations("łapa 🐕 smycz 🦜 kość miska")).isEmpty();
  }

  @Test
  void reasonsNeverQuoteThePassword() {
    String password = "Marguerite1";

    assertThat(violations(password)).isNotEmpty().noneMatch(reason -> reason.contains(password));
  }

  @Test
  void policyCannotBeConfiguredBelowNistMinimums() {
    assertThatIllegalArgumentException().isThrownBy(() -> new PasswordPolicy(7, 1024));
    assertThatIllegalArgumentException().isThrownBy(() -> new PasswordPolicy(12, 63));
  }

  @Test
  void nullArgumentsAreProgrammingErrors() {
    assertThatNullPointerException()
        .isThrownBy(() -> POLICY.violations(null, EMAIL, NAME))
        .withMessage("password cannot be null");
    assertThatNullPointerException()
        .isThrownBy(() -> POLICY.violations("gravy wobble stadium clover", null, NAME))
        .withMessage("email cannot be null");
    assertThatNullPointerException()
        .isThrownBy(() -> POLICY.violations("gravy wobble stadium clover", EMAIL, null))
        .withMessage("displayName cannot be null");
  }
}

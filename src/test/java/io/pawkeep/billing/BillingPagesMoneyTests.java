package io.pawkeep.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the billing pages show and take (PAY-2) and where they let forms lead (PAY-1): amounts in
 * the currency's own decimals from integer minor units, typed amounts without rounding, and
 * Stripe's real origins unless the settings moved Stripe to a local fake.
 */
class BillingPagesMoneyTests {

  @Test
  void minorUnitsAreShownWithTheCurrencysOwnDecimals() {
    Money money = new Money();
    assertThat(money.format(4050, "EUR")).isEqualTo("40.50 EUR");
    assertThat(money.format(1200, "JPY")).isEqualTo("1200 JPY");
    assertThat(money.format(1234, "KWD")).isEqualTo("1.234 KWD");
    assertThat(money.format(5, "EUR")).isEqualTo("0.05 EUR");
  }

  @Test
  void typedAmountsBecomeMinorUnitsAndNegativeZeroOrOverPreciseOnesAreRefused() {
    assertThat(Money.parse("12.50", "EUR", 100_000_000).minor()).isEqualTo(1250);
    assertThat(Money.parse(" 3 ", "EUR", 100_000_000).minor()).isEqualTo(300);
    assertThat(Money.parse("1200", "JPY", 100_000_000).minor()).isEqualTo(1200);
    assertThat(Money.parse("-5", "EUR", 100_000_000).error()).contains("above zero");
    assertThat(Money.parse("0", "EUR", 100_000_000).error()).contains("above zero");
    assertThat(Money.parse("1.005", "EUR", 100_000_000).error()).contains("at most 2 decimals");
    assertThat(Money.parse("12.5", "JPY", 100_000_000).error()).contains("at most 0 decimals");
    assertThat(Money.parse("abc", "EUR", 100_000_000).error()).contains("such as 12.55");
    assertThat(Money.parse("1e9", "EUR", 100_000_000).error()).contains("at most 1000000.00");
  }

  @Test
  void formsLeadToStripesOwnOriginsOrTheMovedFakesAndNowhereWhilePaymentsAreOff() {
    StripeOrigins real =
        new StripeOrigins(
            new StripeProperties(
                "sk_test_x",
                null,
                null,
                URI.create("https://api.stripe.com"),
                0,
                URI.create("http://localhost"),
                null));
    assertThat(real.checkout()).containsExactly(URI.create("https://checkout.stripe.com"));
    assertThat(real.onboarding()).containsExactly(URI.create("https://connect.stripe.com"));
    StripeOrigins fake =
        new StripeOrigins(
            new StripeProperties(
                "sk_test_x",
                null,
                null,
                URI.create("http://127.0.0.1:9999/"),
                0,
                URI.create("http://localhost"),
                null));
    assertThat(fake.checkout()).containsExactly(URI.create("http://127.0.0.1:9999"));
    StripeOrigins off =
        new StripeOrigins(
            new StripeProperties(
                null,
                null,
                null,
                URI.create("https://api.stripe.com"),
                0,
                URI.create("http://localhost"),
                null));
    assertThat(off.checkout()).isEmpty();
    assertThat(off.onboarding()).isEmpty();

    List<URI> checkout = real.checkout();
    assertThat(StripeOrigins.leadsTo("https://checkout.stripe.com/c/pay/cs_1", checkout)).isTrue();
    assertThat(StripeOrigins.leadsTo("https://checkout.stripe.com.evil.test/c", checkout))
        .isFalse();
    assertThat(StripeOrigins.leadsTo("https://evil.test/?https://checkout.stripe.com/", checkout))
        .isFalse();
    assertThat(StripeOrigins.leadsTo(null, checkout)).isFalse();
  }
}

package io.pawkeep.billing;

import java.math.BigDecimal;
import java.util.Currency;
import org.springframework.stereotype.Component;

/**
 * Money as pages show and take it (PAY-2): integer minor units of an ISO 4217 currency, shown in
 * major units with the currency's own number of decimals ({@code ${@invoiceMoney.format(...)}}),
 * and typed amounts turned into minor units without rounding.
 */
@Component("invoiceMoney")
class Money {

  /** A typed amount: its minor units, or why it was refused. */
  record Typed(Long minor, String error) {}

  /** "12.50 EUR", "1200 JPY". */
  public String format(long minor, String currency) {
    return shown(minor, currency);
  }

  static String shown(long minor, String currency) {
    return BigDecimal.valueOf(minor).movePointLeft(digits(currency)).toPlainString()
        + " "
        + currency;
  }

  static int digits(String currency) {
    try {
      int digits = Currency.getInstance(currency).getDefaultFractionDigits();
      return digits < 0 ? 0 : digits;
    } catch (IllegalArgumentException | NullPointerException e) {
      return 2;
    }
  }

  /** A positive amount in major units ("12.50"), at most {@code maxMinor} minor units. */
  static Typed parse(String typed, String currency, long maxMinor) {
    int digits = digits(currency);
    String example = digits == 0 ? "12" : "12." + "5".repeat(digits);
    String clean = typed == null ? "" : typed.strip();
    BigDecimal amount;
    try {
      amount = new BigDecimal(clean);
    } catch (NumberFormatException e) {
      return new Typed(null, "Enter an amount such as " + example + ".");
    }
    if (amount.signum() <= 0) {
      return new Typed(null, "Enter an amount above zero, such as " + example + ".");
    }
    BigDecimal minor = amount.movePointRight(digits);
    if (minor.stripTrailingZeros().scale() > 0) {
      return new Typed(
          null,
          "Use at most " + digits + " decimals for " + currency + ", such as " + example + ".");
    }
    if (minor.compareTo(BigDecimal.valueOf(maxMinor)) > 0) {
      return new Typed(
          null,
          "Enter at most "
              + BigDecimal.valueOf(maxMinor).movePointLeft(digits).toPlainString()
              + ".");
    }
    return new Typed(minor.longValueExact(), null);
  }
}

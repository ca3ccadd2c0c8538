package io.pawkeep.watch;

/** The anomaly rules (LOG-3), by the name alerts, metrics and settings use. */
enum Rule {
  FAILING_ACCOUNTS_PER_ADDRESS(
      "failing-accounts-per-address", "Many accounts failing to sign in from one address"),
  FAILING_ADDRESSES_PER_ACCOUNT(
      "failing-addresses-per-account", "One account failing to sign in from many addresses"),
  SIGN_IN_ADDRESSES_PER_ACCOUNT(
      "sign-in-addresses-per-account", "One account signing in from many addresses"),
  UNUSUAL_REVEALS("unusual-reveals", "A person revealing far more access secrets than usual"),
  UNUSUAL_EXPORTS("unusual-exports", "A person exporting far more than usual");

  private final String id;
  private final String title;

  Rule(String id, String title) {
    this.id = id;
    this.title = title;
  }

  String id() {
    return id;
  }

  String title() {
    return title;
  }

  static String titleOf(String id) {
    for (Rule rule : values()) {
      if (rule.id.equals(id)) {
        return rule.title;
      }
    }
    return id;
  }
}

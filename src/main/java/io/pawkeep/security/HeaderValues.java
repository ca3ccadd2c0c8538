package io.pawkeep.security;

import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Which header values a request may carry: Spring Security's own rule (every character assigned in
 * Unicode and no control character but the tab), checked character by character instead of by a
 * regular expression. The firewall checks every header value it hands out, the access token's
 * several hundred characters among them, on every request (about 3% of a simple API request's CPU
 * by the regular expression, docs/performance.md).
 */
final class HeaderValues {

  private HeaderValues() {}

  /** The default firewall, with this check of header values. */
  static StrictHttpFirewall firewall() {
    StrictHttpFirewall firewall = new StrictHttpFirewall();
    firewall.setAllowedHeaderValues(HeaderValues::allowed);
    return firewall;
  }

  /** Whether {@code value} passes {@code [\p{IsAssigned}&&[[^\p{IsControl}]||\t]]*}. */
  static boolean allowed(String value) {
    int length = value.length();
    int i = 0;
    while (i < length) {
      char c = value.charAt(i);
      if (c >= 0x20 && c < 0x7f) {
        i++;
        continue;
      }
      int codePoint = value.codePointAt(i);
      int type = Character.getType(codePoint);
      if (type == Character.UNASSIGNED || (type == Character.CONTROL && codePoint != '\t')) {
        return false;
      }
      i += Character.charCount(codePoint);
    }
    return true;
  }
}

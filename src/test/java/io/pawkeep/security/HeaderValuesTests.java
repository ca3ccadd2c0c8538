package io.pawkeep.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.web.firewall.RequestRejectedException;

/**
 * Header values pass or fail exactly as under Spring Security's own rule: every character of the
 * Basic Multilingual Plane, supplementary characters assigned or not, and lone surrogates.
 */
class HeaderValuesTests {

  private static final Pattern SPRING =
      Pattern.compile("[\\p{IsAssigned}&&[[^\\p{IsControl}]||\\t]]*");

  @Test
  void everyCharacterPassesOrFailsAsUnderSpringSecuritysRule() {
    for (int c = 0; c <= 0xFFFF; c++) {
      String value = "Bearer a" + (char) c + "b";
      assertThat(HeaderValues.allowed(value))
          .as("U+%04X", c)
          .isEqualTo(SPRING.matcher(value).matches());
    }
  }

  @Test
  void supplementaryCharactersAndLoneSurrogatesPassOrFailAsUnderSpringSecuritysRule() {
    for (int codePoint :
        new int[] {0x1F436, 0x1F431, 0x10000, 0xE0001, 0x2FFFF, 0x10FFFF, 0xF0000}) {
      String value = "a" + Character.toString(codePoint) + "b";
      assertThat(HeaderValues.allowed(value))
          .as("U+%X", codePoint)
          .isEqualTo(SPRING.matcher(value).matches());
    }
    for (String value : new String[] {"a\uD83D", "\uDC36b", "\uDC36\uD83D", "", "\t", "a\tb"}) {
      assertThat(HeaderValues.allowed(value)).isEqualTo(SPRING.matcher(value).matches());
    }
  }

  @Test
  void theFirewallRefusesAHeaderWithAControlCharacter() {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/me");
    request.addHeader("Authorization", "Bearer abc\u0007def");
    request.addHeader("Accept", "application/json");
    var firewalled = HeaderValues.firewall().getFirewalledRequest(request);
    assertThat(firewalled.getHeader("Accept")).isEqualTo("application/json");
    assertThatThrownBy(() -> firewalled.getHeader("Authorization"))
        .isInstanceOf(RequestRejectedException.class);
  }
}

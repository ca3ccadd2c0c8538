package io.pawkeep;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/security.md} names only tests that exist: a test renamed or removed fails the build
 * instead of leaving a requirement with a proof that is no longer there. A test is cited as {@code
 * module/ClassTests.method}, or as {@code module/ClassTests}: followed by its methods up to the
 * next {@code ;}, table cell or paragraph.
 */
class SecurityMapTests {

  private static final Pattern TOKEN = Pattern.compile("`([^`]+)`(:?)|(;)|( \\| )");
  private static final Pattern METHOD_CITED =
      Pattern.compile("([a-z]+(?:/[a-z]+)*/[A-Z]\\w*Tests)\\.(\\w+)");
  private static final Pattern CLASS_CITED = Pattern.compile("[a-z]+(?:/[a-z]+)*/[A-Z]\\w*Tests");
  // A method named after the class that lists it: camel case, long enough to be a rule.
  private static final Pattern METHOD_NAME = Pattern.compile("[a-z][A-Za-z0-9]{15,}");

  @Test
  void everyTestTheSecurityMapCitesExists() throws IOException {
    List<String> missing = new ArrayList<>();
    int cited = 0;
    String listing = null;
    for (String line : Files.readAllLines(Path.of("docs/security.md"))) {
      if (line.isBlank() || line.startsWith("| ") || line.stripLeading().startsWith("- ")) {
        listing = null;
      }
      Matcher token = TOKEN.matcher(line);
      while (token.find()) {
        if (token.group(1) == null) {
          listing = null;
          continue;
        }
        String text = token.group(1);
        Matcher method = METHOD_CITED.matcher(text);
        if (method.matches()) {
          cited++;
          if (!exists(method.group(1), method.group(2))) {
            missing.add(text);
          }
          listing = null;
        } else if (CLASS_CITED.matcher(text).matches()) {
          if (!exists(text, null)) {
            missing.add(text);
          }
          listing = token.group(2).isEmpty() ? null : text;
        } else if (listing != null && METHOD_NAME.matcher(text).matches()) {
          cited++;
          if (!exists(listing, text)) {
            missing.add(listing + "." + text);
          }
        }
      }
    }
    assertThat(cited).as("tests cited").isGreaterThan(500);
    assertThat(missing).as("tests cited in docs/security.md that do not exist").isEmpty();
  }

  private static boolean exists(String cited, String method) {
    Class<?> type;
    try {
      type = Class.forName("io.pawkeep." + cited.replace('/', '.'));
    } catch (ClassNotFoundException e) {
      return false;
    }
    return method == null
        || Arrays.stream(type.getDeclaredMethods()).map(Method::getName).anyMatch(method::equals);
  }
}

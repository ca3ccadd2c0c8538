package io.pawkeep.accounts;

import io.pawkeep.database.AfterStart;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import me.gosimple.nbvcxz.Nbvcxz;
import me.gosimple.nbvcxz.matching.match.DictionaryMatch;
import me.gosimple.nbvcxz.matching.match.Match;
import me.gosimple.nbvcxz.resources.Configuration;
import me.gosimple.nbvcxz.resources.ConfigurationBuilder;
import me.gosimple.nbvcxz.resources.Dictionary;
import me.gosimple.nbvcxz.resources.DictionaryBuilder;
import me.gosimple.nbvcxz.scoring.Result;

/**
 * NIST SP 800-63B password rules: a length range counted in code points, no composition rules, no
 * truncation, and a check against common/breached passwords and words tied to the user.
 */
final class PasswordPolicy {

  static final int DEFAULT_MIN_LENGTH = 12;
  static final int DEFAULT_MAX_LENGTH = 1024;

  static final String TOO_COMMON = "is too common or too easy to guess";
  static final String CONTAINS_PERSONAL_INFO = "contains your email or name";
  static final String CONTAINS_SERVICE_NAME = "contains the name of this service";

  // 800-63B: at least 8 characters must be required and at least 64 permitted.
  private static final int LOWEST_ALLOWED_MIN_LENGTH = 8;
  private static final int LOWEST_ALLOWED_MAX_LENGTH = 64;

  // Shorter fragments ("bob", "com") occur inside too many good passphrases by accident.
  private static final int MIN_CONTEXT_WORD_LENGTH = 4;

  private static final String SERVICE_NAME = "pawkeep";

  // Name of nbvcxz's bundled leaked-password list.
  private static final String LEAKED_PASSWORDS_DICTIONARY = "passwords";

  // nbvcxz's cost grows steeply with length, and repetitive input ("aaaa…") burns the whole
  // combination timeout (default 500 ms) even when short; measured worst cases were ~0.9 s per
  // call with the defaults and ~0.1 s with these. Estimating only a prefix errs on the safe side:
  // a strong prefix means a strong password, and a weak prefix is rejected.
  private static final int ESTIMATED_PREFIX_LENGTH = 64;
  private static final long ESTIMATE_TIMEOUT_MILLIS = 100;

  private static final Pattern WORD_SEPARATORS = Pattern.compile("[^\\p{L}\\p{N}]+");

  private final int minLength;
  private final int maxLength;
  private final String tooShort;
  private final String tooLong;

  // Loading nbvcxz's bundled dictionaries is the slow part (0.2-0.6 s, once per JVM); everything
  // else is plain references, so each check copies this with the user's words in ~10 µs. They load
  // on a thread of their own once the application has started; a check waits for them.
  private final AfterStart.Load<Configuration> baseConfiguration;

  PasswordPolicy() {
    this(DEFAULT_MIN_LENGTH, DEFAULT_MAX_LENGTH);
  }

  PasswordPolicy(int minLength, int maxLength) {
    if (minLength < LOWEST_ALLOWED_MIN_LENGTH) {
      throw new IllegalArgumentException("minLength must be at least " + LOWEST_ALLOWED_MIN_LENGTH);
    }
    if (maxLength < Math.max(minLength, LOWEST_ALLOWED_MAX_LENGTH)) {
      throw new IllegalArgumentException(
          "maxLength must be at least minLength and at least " + LOWEST_ALLOWED_MAX_LENGTH);
    }
    this.minLength = minLength;
    this.maxLength = maxLength;
    this.tooShort = "must be at least " + minLength + " characters long";
    this.tooLong = "must be at most " + maxLength + " characters long";
    // The locale only picks nbvcxz's feedback texts, which are never shown; fixing it keeps the
    // result independent of the server's default locale.
    this.baseConfiguration =
        AfterStart.load(
            "password-dictionaries",
            () ->
                new ConfigurationBuilder()
                    .setLocale(Locale.ENGLISH)
                    .setMaxLength(ESTIMATED_PREFIX_LENGTH)
                    .setCombinationAlgorithmTimeout(ESTIMATE_TIMEOUT_MILLIS)
                    .setDictionaries(withServiceName(ConfigurationBuilder.getDefaultDictionaries()))
                    .createConfiguration());
  }

  /**
   * Reasons the password is unacceptable, each phrased to follow the word "Password", or an empty
   * list. Reasons never quote the password.
   */
  List<String> violations(String password, String email, String displayName) {
    Objects.requireNonNull(password, "password cannot be null");
    Objects.requireNonNull(email, "email cannot be null");
    Objects.requireNonNull(displayName, "displayName cannot be null");

    List<String> violations = new ArrayList<>();
    int length = password.codePointCount(0, password.length());
    if (length > this.maxLength) {
      // Stop here: the strength estimate is the expensive part and the input is attacker-sized.
      violations.add(this.tooLong);
      return List.copyOf(violations);
    }
    if (length < this.minLength) {
      violations.add(this.tooShort);
    }

    String comparable = comparable(password);
    Set<String> personalWords = personalWords(email, displayName);
    if (personalWords.stream().anyMatch(comparable::contains)) {
      violations.add(CONTAINS_PERSONAL_INFO);
    }
    if (comparable.contains(SERVICE_NAME)) {
      violations.add(CONTAINS_SERVICE_NAME);
    }
    if (isGuessable(password, personalWords)) {
      violations.add(TOO_COMMON);
    }
    return List.copyOf(violations);
  }

  private boolean isGuessable(String password, Set<String> personalWords) {
    Result result = new Nbvcxz(configurationExcluding(personalWords)).estimate(password);
    return !result.isMinimumEntropyMet() || isLeakedPassword(password, result);
  }

  // The whole password, allowing for nbvcxz's case, leet and reversal variants, is on the leaked
  // list. Passwords that merely contain a leaked word ("tractor") are left to the entropy check.
  private static boolean isLeakedPassword(String password, Result result) {
    List<Match> matches = result.getMatches();
    return matches.size() == 1
        && matches.getFirst() instanceof DictionaryMatch match
        && LEAKED_PASSWORDS_DICTIONARY.equals(match.getDictionaryName())
        && match.getLength() == password.length();
  }

  // Exclusion words score zero entropy, so variants the substring check cannot see ("p4wk33p",
  // a reversed name) still make the estimate fail.
  private Configuration configurationExcluding(Set<String> personalWords) {
    Configuration base = this.baseConfiguration.get();
    if (personalWords.isEmpty()) {
      return base;
    }
    List<Dictionary> dictionaries = new ArrayList<>(base.getDictionaries());
    dictionaries.add(exclusionDictionary("personal", personalWords));
    return new Configuration(
        base.getPasswordMatchers(),
        base.getGuessTypes(),
        dictionaries,
        base.getAdjacencyGraphs(),
        base.getLeetTable(),
        base.getYearPattern(),
        base.getMinimumEntropy(),
        base.getMaxLength(),
        base.getLocale(),
        base.isDistanceCalc(),
        base.getCombinationAlgorithmTimeout());
  }

  private static List<Dictionary> withServiceName(List<Dictionary> defaults) {
    List<Dictionary> dictionaries = new ArrayList<>(defaults);
    dictionaries.add(exclusionDictionary("service", Set.of(SERVICE_NAME)));
    return dictionaries;
  }

  private static Dictionary exclusionDictionary(String name, Set<String> words) {
    int longest = words.stream().mapToInt(String::length).max().orElse(0);
    return new DictionaryBuilder()
        .setDictionaryName(name)
        .setExclusion(true)
        .addWords(words, 0)
        // nbvcxz 1.5.1 skips leet matching for a dictionary's longest words ("p4wk33p" is missed
        // when "pawkeep" is the only word); a longer filler nobody types makes every real word
        // shorter than the longest. Matching it could only lower an estimate, never raise it.
        .addWord("\0".repeat(longest + 1), 0)
        .createDictionary();
  }

  private static Set<String> personalWords(String email, String displayName) {
    Set<String> words = new LinkedHashSet<>();
    String normalizedEmail = comparable(email);
    int at = normalizedEmail.lastIndexOf('@');
    String localPart = at < 0 ? normalizedEmail : normalizedEmail.substring(0, at);
    String domain = at < 0 ? "" : normalizedEmail.substring(at + 1);
    addIfLongEnough(words, localPart);
    addWords(words, localPart);
    addWords(words, domain);
    addWords(words, comparable(displayName));
    return words;
  }

  private static void addWords(Set<String> words, String text) {
    for (String word : WORD_SEPARATORS.split(text)) {
      addIfLongEnough(words, word);
    }
  }

  private static void addIfLongEnough(Set<String> words, String word) {
    if (word.codePointCount(0, word.length()) >= MIN_CONTEXT_WORD_LENGTH) {
      words.add(word);
    }
  }

  // NFKC folds look-alike forms (full-width letters, ligatures) so they cannot dodge the
  // containment checks; ROOT keeps lower-casing independent of the server locale.
  private static String comparable(String text) {
    return Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
  }
}

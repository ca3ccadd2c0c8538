package io.pawkeep.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.HashSet;
import org.junit.jupiter.api.Test;

/** FILE-1: server-made storage names; display names that cannot steer a path or a header. */
class FileNamesTests {

  @Test
  void storageNamesAreRandomHexNeverTheUploadedName() {
    var names = new HashSet<String>();
    for (int i = 0; i < 1000; i++) {
      String name = FileNames.storageName();
      assertThat(name).matches("[0-9a-f]{32}");
      names.add(name);
    }
    assertThat(names).hasSize(1000);
  }

  @Test
  void aNameWithPathSeparatorsIsRefused() {
    for (String bad : new String[] {"../secret", "a/b.pdf", "C:\\x.pdf", "..", "."}) {
      assertThatIllegalArgumentException().as(bad).isThrownBy(() -> FileNames.displayName(bad));
    }
  }

  @Test
  void aNameWithControlOrInvisibleCharactersIsRefused() {
    for (String bad :
        new String[] {
          "a\u0000.pdf",
          "a\r\nSet-Cookie: x.pdf",
          "a\t.pdf",
          "rex\u202Egpj.exe",
          "a\u200B.pdf",
          "a\u2028.pdf",
          "a\u007F.pdf"
        }) {
      assertThatIllegalArgumentException().isThrownBy(() -> FileNames.displayName(bad));
    }
  }

  @Test
  void aMissingOrTooLongNameIsRefused() {
    assertThatIllegalArgumentException().isThrownBy(() -> FileNames.displayName(null));
    assertThatIllegalArgumentException().isThrownBy(() -> FileNames.displayName("   "));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> FileNames.displayName("a".repeat(FileNames.MAX_LENGTH + 1)));
    assertThat(FileNames.displayName("a".repeat(FileNames.MAX_LENGTH))).hasSize(200);
  }

  @Test
  void aUnicodeNameIsKeptNormalisedAndEncodedSafelyForContentDisposition() {
    String name = FileNames.displayName("  Re\u0301sultats \"sang\" 100%.pdf ");

    assertThat(name).isEqualTo("R\u00e9sultats \"sang\" 100%.pdf");
    assertThat(FileNames.contentDisposition(name))
        .isEqualTo(
            "attachment; filename=\"R_sultats _sang_ 100%.pdf\";"
                + " filename*=UTF-8''R%C3%A9sultats%20%22sang%22%20100%25.pdf");
  }
}

package io.pawkeep.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** What every object store does with named objects (AVAIL-1: backups in the object store). */
final class NamedObjectsContract {

  private NamedObjectsContract() {}

  static void namedObjectsAreListedByTheirFolderOnlyAndRefuseKeysThatCouldClimbOut(
      ObjectStore store) throws Exception {
    NamedObjects named = new NamedObjects(store);
    assertThat(named.list("backups/")).isEmpty();
    String uuid = ObjectStore.newKey();
    store.put(uuid, new ByteArrayInputStream(new byte[] {7}), 1);
    byte[] one = "first".getBytes(StandardCharsets.UTF_8);
    named.put("backups/pawkeep-20261201T000000Z-0a0b0c0d.backup", new ByteArrayInputStream(one), 5);
    named.put("backups/second.backup", new ByteArrayInputStream(new byte[] {1, 2}), 2);
    named.put("other/third.backup", new ByteArrayInputStream(new byte[] {3}), 1);

    assertThat(named.list("backups/"))
        .containsExactlyInAnyOrder(
            "backups/pawkeep-20261201T000000Z-0a0b0c0d.backup", "backups/second.backup");
    try (InputStream in = named.get("backups/pawkeep-20261201T000000Z-0a0b0c0d.backup")) {
      assertThat(in.readAllBytes()).isEqualTo(one);
    }
    assertThat(named.delete("backups/second.backup")).isTrue();
    assertThat(named.delete("backups/second.backup")).isFalse();
    assertThat(named.list("backups/"))
        .containsExactly("backups/pawkeep-20261201T000000Z-0a0b0c0d.backup");
    // A document's object is not a named object, and a named object cannot reach it.
    assertThatThrownBy(() -> named.get(uuid)).isInstanceOf(IllegalArgumentException.class);
    assertThat(store.exists(uuid)).isTrue();

    for (String hostile :
        List.of(
            "backups/../" + uuid,
            "backups/",
            "backups/.hidden",
            "../backups/x",
            "/backups/x",
            "backups/a/b",
            "ab/x",
            "Backups/x",
            uuid.substring(0, 2) + "/" + uuid)) {
      assertThatThrownBy(() -> named.put(hostile, new ByteArrayInputStream(new byte[] {1}), 1))
          .as("put %s", hostile)
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> named.get(hostile)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> named.delete(hostile)).isInstanceOf(IllegalArgumentException.class);
    }
    for (String folder : List.of("", "backups", "../", "ab/", "backups/x/", "/")) {
      assertThatThrownBy(() -> named.list(folder))
          .as("list %s", folder)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}

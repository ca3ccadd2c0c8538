package io.pawkeep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;
import org.springframework.modulith.docs.Documenter.Options;

/**
 * Every module uses only the modules its {@code package-info.java} allows, through their public
 * types, without cycles; the module documentation in {@code docs/modules} is rendered from the same
 * model, so a run of this test refreshes it.
 */
class ModularityTests {

  static final Path DOCS = Path.of("docs", "modules");

  final ApplicationModules modules = ApplicationModules.of(PawkeepApplication.class);

  @Test
  void modulesRespectTheirBoundaries() {
    modules.verify();
  }

  @Test
  void writesTheModuleDocumentation() throws IOException {
    // Rendered files only: the hand-written README.md in the same folder stays.
    for (Path stale : rendered()) {
      Files.delete(stale);
    }
    new Documenter(modules, Options.defaults().withOutputFolder(DOCS.toString()).withoutClean())
        .writeDocumentation();
  }

  private static List<Path> rendered() throws IOException {
    if (!Files.isDirectory(DOCS)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(DOCS)) {
      return files
          .filter(f -> f.toString().endsWith(".puml") || f.toString().endsWith(".adoc"))
          .toList();
    }
  }
}

package io.pawkeep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
    for (Path file : rendered()) {
      Files.write(file, inStableOrder(Files.readAllLines(file)));
    }
  }

  /**
   * The renderer lists relations and bean references in hash order, which changes from run to run;
   * sorted, an unchanged model renders unchanged files, so a diff here is a change of the modules.
   */
  static List<String> inStableOrder(List<String> lines) {
    List<String> out = new ArrayList<>();
    List<String> run = new ArrayList<>();
    for (String line : lines) {
      boolean relation = line.startsWith("Rel(");
      boolean item = line.startsWith("* ");
      boolean continues =
          !run.isEmpty() && (relation || item) && run.get(0).startsWith("Rel(") == relation;
      if (!continues) {
        flush(out, run);
      }
      if (relation || item || line.startsWith("|* ")) {
        run.add(line);
      } else {
        out.add(line);
      }
    }
    flush(out, run);
    return out;
  }

  /**
   * Writes a run of list lines sorted; a table cell's opening {@code |} stays on its first line.
   */
  private static void flush(List<String> out, List<String> run) {
    if (run.isEmpty()) {
      return;
    }
    String cell = run.get(0).startsWith("|") ? "|" : "";
    List<String> sorted =
        run.stream().map(l -> l.substring(l.startsWith("|") ? 1 : 0)).sorted().toList();
    out.add(cell + sorted.get(0));
    out.addAll(sorted.subList(1, sorted.size()));
    run.clear();
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

package io.pawkeep;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
  static final Path SOURCES = Path.of("src", "main", "java", "io", "pawkeep");
  static final Path MIGRATIONS = Path.of("src", "main", "resources", "db", "migration");

  final ApplicationModules modules = ApplicationModules.of(PawkeepApplication.class);

  @Test
  void modulesRespectTheirBoundaries() {
    modules.verify();
  }

  /**
   * A table is named in the SQL of one module only: another module asks that module's facade, so
   * the owner alone decides what its rows mean and who sees them. Checked on the tables the
   * versioned migrations create and the SQL keywords that read or write one.
   */
  @Test
  void eachTableIsReadAndWrittenByOneModuleOnly() throws IOException {
    Map<String, Set<String>> shared = new TreeMap<>();
    for (String table : tables()) {
      Pattern use = Pattern.compile("\\b(from|join|into|update|table)\\s+" + table + "\\b");
      Set<String> users = new TreeSet<>();
      for (Path module : modules()) {
        if (mentions(module, use)) {
          users.add(module.getFileName().toString());
        }
      }
      if (users.size() > 1) {
        shared.put(table, users);
      }
    }
    assertThat(shared).as("tables named in the SQL of several modules").isEmpty();
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

  private static Set<String> tables() throws IOException {
    Pattern create = Pattern.compile("create table (\\w+)");
    Set<String> tables = new TreeSet<>();
    try (Stream<Path> files = Files.list(MIGRATIONS)) {
      for (Path file : files.filter(f -> f.getFileName().toString().startsWith("V")).toList()) {
        Matcher m = create.matcher(Files.readString(file));
        while (m.find()) {
          tables.add(m.group(1));
        }
      }
    }
    return tables;
  }

  private static List<Path> modules() throws IOException {
    try (Stream<Path> dirs = Files.list(SOURCES)) {
      return dirs.filter(Files::isDirectory).toList();
    }
  }

  private static boolean mentions(Path module, Pattern use) throws IOException {
    try (Stream<Path> files = Files.walk(module)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        if (use.matcher(Files.readString(file)).find()) {
          return true;
        }
      }
    }
    return false;
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

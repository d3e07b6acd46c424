package io.floe.cli;

import io.floe.FloeTable;
import io.floe.avro.AvroSchemaEvolution;
import io.floe.avro.AvroSchemas;
import io.floe.avro.EvolutionPlan;
import java.io.Console;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.TypeUtil;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code floe schema diff} and {@code floe schema apply}: the change plan that gives a table a
 * schema file's columns, planned by sdk-avro's {@link AvroSchemaEvolution} (the checks Floe's Avro
 * compatibility uses), and applied in one commit. Columns the file lacks are kept, never dropped.
 */
final class SchemaCommands {
  private static final String KEEP = "KEEP";
  private static final String INCOMPATIBLE = "INCOMPATIBLE";

  private SchemaCommands() {}

  /** The arguments and the plan both commands share. */
  abstract static class PlanCommand extends FloeCommand {
    @Parameters(index = "0", paramLabel = "TABLE", description = "The table's full name (ns.table)")
    String name;

    @Parameters(
        index = "1",
        paramLabel = "FILE",
        description =
            "The new schema: an Avro .avsc, an Iceberg JSON schema, or a data file (.csv, .jsonl,"
                + " .parquet, .avro) whose schema is inferred")
    Path file;

    FloeTable table;
    org.apache.avro.Schema proposed;
    EvolutionPlan plan;

    /** Loads the table, reads the file and plans; prints the plan. */
    void planAndPrint() {
      table = table(name);
      Path resolved = cli().session().resolvePath(file);
      proposed = SchemaFiles.forPlan(spec.commandLine(), resolved, table.schema());
      plan = AvroSchemaEvolution.plan(table.schema(), proposed);
      Tabular out = Tabular.of("change", "column", "detail");
      for (EvolutionPlan.Change c : plan.changes()) {
        out.add(c.kind().name(), c.column(), c.detail());
      }
      for (EvolutionPlan.Problem p : plan.problems()) {
        out.add(INCOMPATIBLE, p.column(), p.reason());
      }
      for (String kept : kept(table.schema(), proposed, plan)) {
        out.add(KEEP, kept, "not in the file; kept (columns are never dropped by apply)");
      }
      print(out);
    }
  }

  /** {@code floe schema diff TABLE FILE}. */
  @Command(
      name = "diff",
      description = {
        "Print the changes that would give a table a schema file's columns: ADD_COLUMN,"
            + " RENAME_COLUMN (matched by field id), WIDEN_TYPE, MAKE_OPTIONAL, UPDATE_DOC;"
            + " INCOMPATIBLE lines say why a change cannot be made; KEEP lines are columns the"
            + " file lacks (kept).",
        "Nothing is changed. Exit code 0 when the plan can be applied, 1 when it cannot."
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  floe schema diff analytics.events events-v2.avsc",
        "  floe schema diff analytics.events new-export.parquet --output json"
      })
  static final class Diff extends PlanCommand {
    @Override
    protected void run() {
      planAndPrint();
      if (!plan.isApplicable()) {
        note(
            plan.problems().size()
                + " incompatible change(s): "
                + table.name()
                + " cannot take this schema as it is");
        exitWith(ExitCodes.FAILURE);
      } else if (plan.changes().isEmpty()) {
        note(table.name() + " already has the file's columns: nothing to change");
      }
    }
  }

  /** {@code floe schema apply TABLE FILE [--yes]}. */
  @Command(
      name = "apply",
      description = {
        "Make the changes schema diff prints, in one commit, after confirmation (--yes, or a y"
            + " on the terminal). Nothing is applied when any change is incompatible (exit 1)."
      },
      footerHeading = "%nExamples:%n",
      footer = "  floe schema apply analytics.events events-v2.avsc --yes")
  static final class Apply extends PlanCommand {
    @Option(
        names = {"-y", "--yes"},
        description = "Apply without asking (needed when not on a terminal)")
    boolean yes;

    @Override
    protected void run() {
      planAndPrint();
      if (!plan.isApplicable()) {
        note(
            "Not applied: "
                + plan.problems().size()
                + " incompatible change(s); "
                + table.name()
                + " is unchanged");
        exitWith(ExitCodes.FAILURE);
        return;
      }
      if (plan.changes().isEmpty()) {
        note(table.name() + " already has the file's columns: nothing to apply");
        return;
      }
      if (!yes && !confirmed()) {
        note("Not applied: " + table.name() + " is unchanged");
        return;
      }
      int before = table.schema().schemaId();
      Schema after = AvroSchemaEvolution.apply(table, proposed);
      note(
          "Applied "
              + plan.changes().size()
              + " change(s) to "
              + table.name()
              + ": schema "
              + before
              + " -> "
              + after.schemaId());
    }

    private boolean confirmed() {
      Console console = System.console();
      if (console == null) {
        throw new ParameterException(
            spec.commandLine(),
            "schema apply changes "
                + table.name()
                + ": confirm with --yes (no terminal to ask on); schema diff shows the plan");
      }
      out().flush();
      String answer =
          console.readLine("Apply %d change(s) to %s? [y/N] ", plan.changes().size(), name);
      return answer != null && answer.strip().toLowerCase(Locale.ROOT).startsWith("y");
    }
  }

  /**
   * The table's columns the file does not hold and no change mentions: matched by field id when the
   * file's fields carry ids, else by name.
   */
  static Set<String> kept(Schema current, org.apache.avro.Schema proposed, EvolutionPlan plan) {
    Set<String> mentioned = new HashSet<>();
    plan.changes().forEach(c -> mentioned.add(c.column()));
    plan.problems().forEach(p -> mentioned.add(p.column()));
    Schema target = AvroSchemas.toIceberg(proposed);
    boolean byId = AvroSchemas.hasFieldIds(proposed);
    Set<String> kept = new java.util.TreeSet<>();
    // by name, so that a struct comes before its fields
    Map<String, Integer> ids = new java.util.TreeMap<>(TypeUtil.indexByName(current.asStruct()));
    for (Map.Entry<String, Integer> e : ids.entrySet()) {
      String column = e.getKey();
      if (mentioned.contains(column) || hasKeptParent(column, kept)) {
        continue;
      }
      boolean present =
          byId ? target.findField(e.getValue()) != null : target.findField(column) != null;
      if (!present) {
        kept.add(column);
      }
    }
    return kept;
  }

  private static boolean hasKeptParent(String column, Set<String> kept) {
    int dot = column.lastIndexOf('.');
    while (dot > 0) {
      if (kept.contains(column.substring(0, dot))) {
        return true;
      }
      dot = column.lastIndexOf('.', dot - 1);
    }
    return false;
  }
}

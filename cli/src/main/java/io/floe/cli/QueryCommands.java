package io.floe.cli;

import io.floe.Row;
import io.floe.RowStream;
import io.floe.Scan;
import io.floe.sql.FloeSql;
import io.floe.sql.SqlResult;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.iceberg.types.Types;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** The query commands: {@code sql}, {@code scan} and {@code head}. */
public final class QueryCommands {
  private static final Pattern WRITE =
      Pattern.compile("^\\s*(insert|create|delete)\\b", Pattern.CASE_INSENSITIVE);

  private QueryCommands() {}

  /** {@code floe sql QUERY}. */
  @Command(
      name = "sql",
      description = {
        "Run a SQL query over the catalog's tables (DuckDB over Floe's scans).",
        "SELECT prints rows; INSERT INTO, CREATE TABLE ... AS and DELETE FROM write through Floe"
            + " in one commit."
            + " See docs/sql.md."
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  floe sql \"SELECT category, count(*) AS n FROM analytics.events GROUP BY 1 ORDER BY 1\"",
        "  floe sql \"SELECT * FROM analytics.events AT (VERSION => 123) LIMIT 5\" --output json",
        "  floe sql \"INSERT INTO analytics.events VALUES (1, TIMESTAMPTZ '2026-01-01', 'books')\""
      })
  static final class Sql extends FloeCommand {
    @Parameters(
        paramLabel = "SQL",
        arity = "1..*",
        description = "The statement (several words are joined with spaces)")
    List<String> words;

    @Override
    protected void run() throws SQLException {
      String statement = String.join(" ", words);
      try (FloeSql sql = FloeSql.of(floe())) {
        if (WRITE.matcher(statement).find()) {
          long rows = sql.execute(statement);
          boolean delete = statement.strip().regionMatches(true, 0, "delete", 0, 6);
          note(rows + (rows == 1 ? " row" : " rows") + (delete ? " deleted" : " written"));
          return;
        }
        try (SqlResult result = sql.query(statement)) {
          ResultSet rs = result.resultSet();
          ResultSetMetaData meta = rs.getMetaData();
          List<String> columns = new ArrayList<>();
          for (int i = 1; i <= meta.getColumnCount(); i++) {
            columns.add(meta.getColumnLabel(i));
          }
          try (Tabular.Printer out = printer(columns)) {
            while (rs.next()) {
              List<Object> values = new ArrayList<>(columns.size());
              for (int i = 1; i <= columns.size(); i++) {
                values.add(rs.getObject(i));
              }
              out.add(values);
            }
          }
        }
      }
    }
  }

  /** Options shared by {@code scan} and {@code head}. */
  abstract static class ScanBase extends FloeCommand {
    @Parameters(index = "0", paramLabel = "TABLE", description = "The table's full name")
    String name;

    @Option(
        names = "--where",
        paramLabel = "FILTER",
        description = "A filter in SQL syntax, e.g. \"category = 'books' and id > 10\"")
    String where;

    @Option(
        names = "--select",
        paramLabel = "COLUMNS",
        split = ",",
        description = "The columns to read, comma-separated (default: all)")
    List<String> select;

    @Option(
        names = "--as-of",
        paramLabel = "WHEN",
        description =
            "Read an older state: a snapshot id, a branch or tag, or a time"
                + " (2026-01-31T12:00:00Z, 2026-01-31T12:00:00 in UTC, or a date)")
    String asOf;

    abstract long limit();

    @Override
    protected void run() {
      Scan scan = scan();
      List<String> columns = new ArrayList<>();
      for (Types.NestedField f : scan.schema().columns()) {
        columns.add(f.name());
      }
      try (RowStream rows = scan.rows();
          Tabular.Printer out = printer(columns)) {
        emit(rows, columns.size(), out);
      }
    }

    /** Prints the scan's rows; {@code sample} picks some instead. */
    void emit(RowStream rows, int width, Tabular.Printer out) {
      for (Row row : rows) {
        out.add(values(row, width));
      }
    }

    static List<Object> values(Row row, int width) {
      List<Object> values = new ArrayList<>(width);
      for (int i = 0; i < width; i++) {
        values.add(row.get(i));
      }
      return values;
    }

    /** The scan the options describe: table, columns, filter, older state and limit. */
    Scan scan() {
      Scan scan = table(name).newScan();
      if (select != null && !select.isEmpty()) {
        scan = scan.select(select.stream().map(String::strip).toList());
      }
      if (where != null) {
        scan = scan.where(where);
      }
      if (asOf != null) {
        scan = asOf(scan, asOf);
      }
      long limit = limit();
      if (limit >= 0) {
        scan = scan.limit(limit);
      }
      return scan;
    }

    private Scan asOf(Scan scan, String when) {
      String w = when.strip();
      if (w.matches("-?\\d{6,}")) {
        return scan.asOfSnapshot(Long.parseLong(w));
      }
      Instant time = parseTime(w);
      if (time != null) {
        return scan.asOfTime(time);
      }
      if (w.isEmpty() || Character.isDigit(w.charAt(0))) {
        throw new ParameterException(
            spec.commandLine(),
            "--as-of "
                + when
                + " is neither a snapshot id, a time (2026-01-31T12:00:00Z) nor a branch or tag");
      }
      return scan.useRef(w);
    }

    static Instant parseTime(String text) {
      try {
        return Instant.parse(text);
      } catch (DateTimeParseException e) {
        // try the next form
      }
      try {
        return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException e) {
        // try the next form
      }
      try {
        return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException e) {
        return null;
      }
    }
  }

  /** {@code floe scan TABLE [--where F] [--select C,...] [--limit N] [--as-of WHEN]}. */
  @Command(
      name = "scan",
      description = "Read a table's rows through Floe's scan (filters and columns pushed down).",
      footerHeading = "%nExamples:%n",
      footer = {
        "  floe scan analytics.events --where \"category = 'books'\" --select id,ts --limit 100",
        "  floe scan analytics.events --as-of 2026-01-31T00:00:00Z --output csv > old.csv"
      })
  static final class ScanCmd extends ScanBase {
    @Option(names = "--limit", paramLabel = "N", description = "Read at most N rows")
    Long limit;

    @Override
    long limit() {
      if (limit != null && limit < 0) {
        throw new ParameterException(spec.commandLine(), "--limit must be 0 or more, not " + limit);
      }
      return limit == null ? -1 : limit;
    }
  }

  /** {@code floe sample TABLE [-n N] [--seed S]}. */
  @Command(
      name = "sample",
      description = {
        "Show N rows picked at random (uniformly) from a table's rows.",
        "Reads every row that --where keeps (reservoir sampling): slower than head on big tables."
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  floe sample analytics.events -n 20",
        "  floe sample analytics.events --where \"category = 'books'\" --seed 42 -o json"
      })
  static final class Sample extends ScanBase {
    @Option(
        names = {"-n", "--rows"},
        paramLabel = "N",
        defaultValue = "10",
        description = "How many rows (default: ${DEFAULT-VALUE})")
    int rows;

    @Option(
        names = "--seed",
        paramLabel = "S",
        description = "Seed of the random choice (repeatable samples)")
    Long seed;

    @Override
    long limit() {
      if (rows < 0) {
        throw new ParameterException(spec.commandLine(), "-n must be 0 or more, not " + rows);
      }
      return -1;
    }

    @Override
    void emit(RowStream stream, int width, Tabular.Printer out) {
      java.util.Random random = seed == null ? new java.util.Random() : new java.util.Random(seed);
      List<List<Object>> reservoir = new ArrayList<>(Math.min(rows, 1 << 16));
      long seen = 0;
      for (Row row : stream) {
        seen++;
        if (reservoir.size() < rows) {
          reservoir.add(values(row, width));
        } else {
          long slot = (long) (random.nextDouble() * seen);
          if (slot < rows) {
            reservoir.set((int) slot, values(row, width));
          }
        }
      }
      reservoir.forEach(out::add);
    }
  }

  /** {@code floe head TABLE [-n N]}. */
  @Command(
      name = "head",
      description = "Show a table's first rows.",
      footerHeading = "%nExamples:%n",
      footer = "  floe head analytics.events -n 5")
  static final class Head extends ScanBase {
    @Option(
        names = {"-n", "--rows"},
        paramLabel = "N",
        defaultValue = "10",
        description = "How many rows (default: ${DEFAULT-VALUE})")
    long rows;

    @Override
    long limit() {
      if (rows < 0) {
        throw new ParameterException(spec.commandLine(), "-n must be 0 or more, not " + rows);
      }
      return rows;
    }
  }
}

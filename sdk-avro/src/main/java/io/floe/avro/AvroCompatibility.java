package io.floe.avro;

import io.floe.avro.Incompatibility.Kind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.apache.avro.Schema;
import org.apache.avro.Schema.Field;

/**
 * Checks whether Avro schema changes keep data readable, by Avro's schema resolution rules, and
 * reports every incompatible field by name with the reason.
 *
 * <p>The verdicts are those of Avro's own {@code SchemaCompatibility} (and so of schema registries
 * that use it): fields are matched by name or reader alias, a reader field the writer lacks needs a
 * default, named types must keep their name (or alias it), int widens to long, float and double,
 * long to float and double, float to double, and string and bytes read each other. Like Avro,
 * logical types are not compared; {@link AvroSchemaEvolution} is stricter where Iceberg needs it.
 *
 * <p>Stateless and thread-safe.
 *
 * <pre>{@code
 * CompatibilityReport report =
 *     AvroCompatibility.check(CompatibilityLevel.BACKWARD_TRANSITIVE, candidate, List.of(v1, v2));
 * report.incompatibilities().forEach(System.out::println);
 * }</pre>
 */
public final class AvroCompatibility {
  private AvroCompatibility() {}

  /**
   * Checks a candidate schema against the earlier versions of a subject.
   *
   * @param level the compatibility level to check
   * @param candidate the proposed new schema
   * @param history the earlier schemas, oldest first; may be empty
   * @return the report, listing every problem against every version checked
   */
  public static CompatibilityReport check(
      CompatibilityLevel level, Schema candidate, List<Schema> history) {
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(candidate, "candidate");
    Objects.requireNonNull(history, "history");
    List<Incompatibility> problems = new ArrayList<>();
    if (level != CompatibilityLevel.NONE && !history.isEmpty()) {
      int first = level.transitive() ? 0 : history.size() - 1;
      for (int i = history.size() - 1; i >= first; i--) {
        Schema earlier = Objects.requireNonNull(history.get(i), "history element");
        String version = "version " + (i + 1);
        if (level.backward()) {
          problems.addAll(readerWriter(candidate, "new schema", earlier, version));
        }
        if (level.forward()) {
          problems.addAll(readerWriter(earlier, version, candidate, "new schema"));
        }
      }
    }
    return new CompatibilityReport(level, problems);
  }

  /**
   * Checks whether data written with one schema can be read with another.
   *
   * @param reader the schema of the reading side
   * @param writer the schema the data was written with
   * @return every problem found; empty when the reader can read all the writer's data
   */
  public static List<Incompatibility> canRead(Schema reader, Schema writer) {
    Objects.requireNonNull(reader, "reader");
    Objects.requireNonNull(writer, "writer");
    return readerWriter(reader, "reader", writer, "writer");
  }

  private static List<Incompatibility> readerWriter(
      Schema reader, String readerName, Schema writer, String writerName) {
    Checker checker = new Checker(readerName, writerName);
    checker.check(reader, writer, "", checker.problems);
    return Collections.unmodifiableList(checker.problems);
  }

  private static final class Checker {
    private final String readerName;
    private final String writerName;
    private final List<Incompatibility> problems = new ArrayList<>();
    private final Map<Schema, Set<Schema>> inProgress = new IdentityHashMap<>();

    Checker(String readerName, String writerName) {
      this.readerName = readerName;
      this.writerName = writerName;
    }

    private void add(List<Incompatibility> out, Kind kind, String path, String message) {
      out.add(new Incompatibility(kind, path, readerName, writerName, message));
    }

    private boolean compatible(Schema reader, Schema writer, String path) {
      List<Incompatibility> trial = new ArrayList<>();
      check(reader, writer, path, trial);
      return trial.isEmpty();
    }

    void check(Schema reader, Schema writer, String path, List<Incompatibility> out) {
      Set<Schema> writers =
          inProgress.computeIfAbsent(
              reader, r -> Collections.newSetFromMap(new IdentityHashMap<>()));
      if (!writers.add(writer)) {
        return; // recursion: assume compatible, as Avro does
      }
      try {
        calculate(reader, writer, path, out);
      } finally {
        writers.remove(writer);
      }
    }

    private void calculate(Schema reader, Schema writer, String path, List<Incompatibility> out) {
      Schema.Type r = reader.getType();
      Schema.Type w = writer.getType();
      if (r == w) {
        switch (r) {
          case ARRAY:
            check(reader.getElementType(), writer.getElementType(), path + "[]", out);
            return;
          case MAP:
            check(reader.getValueType(), writer.getValueType(), path + "{}", out);
            return;
          case FIXED:
            names(reader, writer, path, out);
            if (reader.getFixedSize() != writer.getFixedSize()) {
              add(
                  out,
                  Kind.FIXED_SIZE_MISMATCH,
                  path,
                  "fixed "
                      + reader.getFullName()
                      + " has size "
                      + reader.getFixedSize()
                      + " but the writer's has size "
                      + writer.getFixedSize());
            }
            return;
          case ENUM:
            names(reader, writer, path, out);
            symbols(reader, writer, path, out);
            return;
          case RECORD:
            names(reader, writer, path, out);
            fields(reader, writer, path, out);
            return;
          case UNION:
            for (Schema branch : writer.getTypes()) {
              if (!compatible(reader, branch, path)) {
                add(
                    out,
                    Kind.MISSING_UNION_BRANCH,
                    path,
                    "the reader union lacks a branch for the writer's "
                        + describe(branch)
                        + "; add one");
              }
            }
            return;
          default:
            return; // same primitive type
        }
      }
      if (w == Schema.Type.UNION) {
        for (Schema branch : writer.getTypes()) {
          check(reader, branch, path, out);
        }
        return;
      }
      switch (r) {
        case LONG:
          if (w == Schema.Type.INT) {
            return;
          }
          break;
        case FLOAT:
          if (w == Schema.Type.INT || w == Schema.Type.LONG) {
            return;
          }
          break;
        case DOUBLE:
          if (w == Schema.Type.INT || w == Schema.Type.LONG || w == Schema.Type.FLOAT) {
            return;
          }
          break;
        case BYTES:
          if (w == Schema.Type.STRING) {
            return;
          }
          break;
        case STRING:
          if (w == Schema.Type.BYTES) {
            return;
          }
          break;
        case UNION:
          for (Schema branch : reader.getTypes()) {
            if (compatible(branch, writer, path)) {
              return;
            }
          }
          add(
              out,
              Kind.MISSING_UNION_BRANCH,
              path,
              "the reader union lacks a branch for the writer's " + describe(writer) + "; add one");
          return;
        default:
          break;
      }
      add(
          out,
          Kind.TYPE_MISMATCH,
          path,
          "the reader's " + describe(reader) + " cannot read the writer's " + describe(writer));
    }

    private void names(Schema reader, Schema writer, String path, List<Incompatibility> out) {
      if (!Objects.equals(reader.getName(), writer.getName())
          && !reader.getAliases().contains(writer.getFullName())) {
        add(
            out,
            Kind.NAME_MISMATCH,
            path,
            "the reader's "
                + reader.getType().getName()
                + " is named "
                + reader.getFullName()
                + " but the writer's is "
                + writer.getFullName()
                + "; keep the name or add the old one as an alias");
      }
    }

    private void symbols(Schema reader, Schema writer, String path, List<Incompatibility> out) {
      Set<String> missing = new TreeSet<>(writer.getEnumSymbols());
      missing.removeAll(reader.getEnumSymbols());
      if (!missing.isEmpty()
          && !(reader.getEnumDefault() != null
              && reader.getEnumSymbols().contains(reader.getEnumDefault()))) {
        add(
            out,
            Kind.MISSING_ENUM_SYMBOLS,
            path,
            "the reader's enum "
                + reader.getFullName()
                + " lacks the writer's symbols "
                + missing
                + "; add them or give the enum a default symbol");
      }
    }

    private void fields(Schema reader, Schema writer, String path, List<Incompatibility> out) {
      for (Field readerField : reader.getFields()) {
        String fieldPath = path.isEmpty() ? readerField.name() : path + "." + readerField.name();
        List<Field> matches = new ArrayList<>();
        if (writer.getField(readerField.name()) != null) {
          matches.add(writer.getField(readerField.name()));
        }
        for (String alias : readerField.aliases()) {
          if (writer.getField(alias) != null) {
            matches.add(writer.getField(alias));
          }
        }
        Field writerField = matches.isEmpty() ? null : matches.get(0);
        if (matches.size() > 1) {
          add(
              out,
              Kind.NAME_MISMATCH,
              fieldPath,
              "the field matches several writer fields by name and alias "
                  + matches.stream().map(Field::name).toList()
                  + "; remove the ambiguous alias");
        } else if (writerField != null) {
          check(readerField.schema(), writerField.schema(), fieldPath, out);
        } else if (!readerField.hasDefaultValue()) {
          if (readerField.schema().getType() == Schema.Type.ENUM
              && readerField.schema().getEnumDefault() != null) {
            check(readerField.schema(), writer, fieldPath, out);
          } else {
            add(
                out,
                Kind.READER_FIELD_MISSING_DEFAULT_VALUE,
                fieldPath,
                "the field is new to the reader and has"
                    + " no default, so data written without it cannot be read; give it a default");
          }
        }
      }
    }

    private static String describe(Schema schema) {
      return switch (schema.getType()) {
        case RECORD, ENUM, FIXED -> schema.getType().getName() + " " + schema.getFullName();
        default -> schema.getType().getName();
      };
    }
  }
}

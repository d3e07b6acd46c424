package io.floe.testkit.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.floe.Floe;
import io.floe.FloeException;
import io.floe.FloeTable;
import io.floe.TableCreator;
import io.floe.testkit.FloeTestKit;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * 100,000 generated bad inputs (25,000 each of table definitions, rows, filters and property maps),
 * in memory; {@link LocalBadInputTest} runs the same on the local stack ({@code Floe.local}'s).
 * Floe answers with its own typed exceptions, or with the JDK's only for an argument check at the
 * entry point the test called ({@link #argumentCheck}: an IllegalArgumentException thrown by Floe's
 * code, or an NPE from {@code Objects.requireNonNull} naming the parameter); never an NPE,
 * IllegalStateException or ClassCastException from inside; and nothing is committed (checked
 * through a second Floe; {@link #theNothingCommittedChecksCanFail} shows that each check catches a
 * commit behind a rejection). The kinds are independent (their own Floe on the kit, their own
 * namespace for the tables they create); a new kind is one more {@code @Test} method that calls
 * {@link #attempt} with a check. Each prints the CPU time it took, which unlike wall time does not
 * depend on what else runs on the machine.
 */
class BadInputTest {
  static final long SEED = 20261122L;

  /** Inputs per kind; the local stack runs fewer. */
  static int perKind = Integer.getInteger("floe.badInputs", 25_000);

  /** Every how many inputs of a kind the nothing-committed check runs (and once at the end). */
  static int checkEvery = 500;

  static FloeTestKit kit;

  /**
   * A second Floe on the kit's catalog: it checks what was committed, from storage, as another
   * process.
   */
  static Floe checker;

  static Floe floe;

  /**
   * Table definitions and property maps each create tables in their own namespace, with their own
   * Floe.
   */
  static Floe definitions;

  static Floe propertyMaps;
  static FloeTable target;
  static final Map<String, Integer> outcomes = new TreeMap<>();
  static final Map<String, String> cpu = new TreeMap<>();
  private long cpuStart;
  private long wallStart;

  @org.junit.jupiter.api.BeforeEach
  void startClock() {
    cpuStart = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    wallStart = System.nanoTime();
  }

  @org.junit.jupiter.api.AfterEach
  void stopClock(org.junit.jupiter.api.TestInfo test) {
    long cpuNanos =
        java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime()
            - cpuStart;
    synchronized (cpu) {
      cpu.put(
          test.getTestMethod().orElseThrow().getName(),
          String.format(
              "cpu %.2f s, wall %.2f s", cpuNanos / 1e9, (System.nanoTime() - wallStart) / 1e9));
    }
  }

  @BeforeAll
  static void openKit() {
    perKind = Integer.getInteger("floe.badInputs", 25_000);
    checkEvery = 500;
    open(FloeTestKit.inMemory());
  }

  /** Opens the Floes and the target table on a kit. */
  static void open(FloeTestKit testKit) {
    kit = testKit;
    floe = kit.floe();
    checker = kit.newFloe();
    definitions = kit.newFloe();
    propertyMaps = kit.newFloe();
    target =
        floe.createTable("db.target")
            .columns(
                s ->
                    s.column("id", Types.LongType.get())
                        .required()
                        .column("n", Types.IntegerType.get())
                        .column("name", Types.StringType.get())
                        .column("day", Types.DateType.get())
                        .column("ts", Types.TimestampType.withZone())
                        .column("price", Types.DecimalType.of(9, 2))
                        .column("score", Types.DoubleType.get())
                        .column("uid", Types.UUIDType.get())
                        .column("bytes", Types.BinaryType.get())
                        .struct(
                            "address",
                            a ->
                                a.column("city", Types.StringType.get())
                                    .column("zip", Types.IntegerType.get()))
                        .list("tags", Types.StringType.get())
                        .map("attrs", Types.StringType.get(), Types.LongType.get()))
            .create();
    target.newAppend().row(Map.of("id", 1L, "name", "seed")).commit();
  }

  @AfterAll
  static void closeKit() {
    System.out.printf(
        "[reliability] bad inputs backend=%s per kind=%d outcomes=%s times=%s%n",
        kit.backend(), perKind, outcomes, cpu);
    outcomes.clear();
    cpu.clear();
    kit.close();
  }

  /**
   * Runs one bad input (the {@code n}th of its kind) and checks that only a typed exception or an
   * argument check comes out, and that nothing was committed. The check runs after every {@link
   * #checkEvery}th input, whatever its outcome: it compares with the state before the first input
   * of the kind, which a commit changes for good, so one passing check covers every input before
   * it.
   */
  static void attempt(
      String kind, int n, Object input, Runnable action, Supplier<Boolean> unchanged) {
    attempt(kind, n, input, action, unchanged, checkEvery);
  }

  /**
   * As {@link #attempt(String, int, Object, Runnable, Supplier)}, checking after every {@code
   * every}th input.
   */
  static void attempt(
      String kind, int n, Object input, Runnable action, Supplier<Boolean> unchanged, int every) {
    String outcome;
    try {
      action.run();
      outcome = "accepted";
    } catch (FloeException e) {
      outcome = e.getClass().getSimpleName();
    } catch (IllegalArgumentException | NullPointerException e) {
      if (!argumentCheck(e)) {
        throw new AssertionError(
            kind + " input " + input + " leaked " + e + " from inside Floe", e);
      }
      outcome = e.getClass().getSimpleName() + " (argument check)";
    } catch (RuntimeException e) {
      throw new AssertionError(kind + " input " + input + " leaked " + e + " from inside Floe", e);
    }
    if ((n + 1) % every == 0 || n + 1 == perKind) {
      checkNothingCommitted(kind, input, outcome, unchanged);
    }
    synchronized (outcomes) {
      outcomes.merge(kind + " -> " + outcome, 1, Integer::sum);
    }
  }

  static void checkNothingCommitted(
      String kind, Object input, String outcome, Supplier<Boolean> unchanged) {
    if (!unchanged.get()) {
      fail("%s inputs up to %s (%s) committed something", kind, input, outcome);
    }
  }

  /**
   * Whether a JDK exception is one of Floe's documented argument checks at the entry point the
   * caller called: an NPE from {@code Objects.requireNonNull} whose message is the name of a
   * parameter of the method that called it, or an IllegalArgumentException thrown by Floe's own
   * code; in both cases reached through Floe's frames only (no Iceberg, Parquet or JDK code between
   * the caller and the check, as when Floe's code is called back from a library). An
   * IllegalStateException or an NPE Floe's code runs into is never one.
   */
  static boolean argumentCheck(RuntimeException e) {
    StackTraceElement[] stack = e.getStackTrace();
    int check;
    if (e instanceof NullPointerException) {
      if (stack.length < 2
          || !stack[0].getClassName().equals("java.util.Objects")
          || !stack[0].getMethodName().equals("requireNonNull")
          || !namesParameter(stack[1], e.getMessage())) {
        return false;
      }
      check = 1;
    } else if (e instanceof IllegalArgumentException) {
      check = 0;
    } else {
      return false;
    }
    if (stack.length <= check || !floeCode(stack[check])) {
      return false;
    }
    for (int i = check + 1; i < stack.length; i++) {
      if (!floeCode(stack[i])) {
        // the first frame outside Floe must be the caller: this test
        return stack[i].getClassName().startsWith(BadInputTest.class.getPackageName());
      }
    }
    return false;
  }

  private static boolean floeCode(StackTraceElement frame) {
    return frame.getClassName().startsWith("io.floe.")
        && !frame.getClassName().startsWith(BadInputTest.class.getPackageName());
  }

  /** Whether a method of the frame's class with the frame's name has a parameter of that name. */
  private static boolean namesParameter(StackTraceElement frame, String message) {
    if (message == null) {
      return false;
    }
    try {
      Class<?> type =
          Class.forName(frame.getClassName(), false, BadInputTest.class.getClassLoader());
      for (java.lang.reflect.Method method : type.getDeclaredMethods()) {
        if (method.getName().equals(frame.getMethodName())) {
          for (java.lang.reflect.Parameter parameter : method.getParameters()) {
            if (parameter.isNamePresent() && parameter.getName().equals(message)) {
              return true;
            }
          }
        }
      }
      return false;
    } catch (ClassNotFoundException ex) {
      return false;
    }
  }

  // ---- checks that nothing was committed (each one shown to fail in
  // theNothingCommittedChecksCanFail) ----

  /**
   * The table's current snapshot, seen by the checker Floe after a refresh, is still {@code good}.
   */
  static Supplier<Boolean> snapshotIs(String table, long good) {
    return () ->
        checker.loadTable(table).refresh().currentSnapshot().map(Snapshot::snapshotId).orElse(-1L)
            == good;
  }

  /** The tables in these namespaces are exactly these, as the checker Floe sees them. */
  static Supplier<Boolean> tablesAre(List<String> namespaces, java.util.Set<String> tables) {
    return () -> {
      java.util.Set<String> seen = new java.util.TreeSet<>();
      for (String ns : namespaces) {
        if (checker.namespaceExists(ns)) {
          seen.addAll(checker.listTables(ns));
        }
      }
      return seen.equals(tables);
    };
  }

  /** The table does not exist, or exists with no snapshot, as the checker Floe sees it. */
  static Supplier<Boolean> noSnapshotIn(String table) {
    return () ->
        !checker.tableExists(table)
            || checker.loadTable(table).refresh().currentSnapshot().isEmpty();
  }

  @Test
  void theNothingCommittedChecksCanFail() {
    FloeTable sneaky = floe.createTable("sneaky.t").column("id", Types.LongType.get()).create();
    sneaky.newAppend().row(Map.of("id", 1L)).commit();
    FloeTable empty = floe.createTable("sneaky.empty").column("id", Types.LongType.get()).create();
    int due = checkEvery - 1;
    java.util.function.Function<FloeTable, Runnable> commitThenReject =
        table ->
            () -> {
              table.newAppend().row(Map.of("id", 2L)).commit();
              throw new io.floe.ValidationException("rejected after committing");
            };
    Supplier<Boolean> rows =
        snapshotIs("sneaky.t", sneaky.currentSnapshot().orElseThrow().snapshotId());
    Supplier<Boolean> definitions =
        tablesAre(List.of("sneaky"), java.util.Set.of("sneaky.t", "sneaky.empty"));
    Supplier<Boolean> propertyMaps = noSnapshotIn("sneaky.empty");
    // each check passes while nothing was committed...
    attempt(
        "quiet",
        due,
        "input",
        () -> {
          throw new io.floe.ValidationException("rejected");
        },
        () -> rows.get() && definitions.get() && propertyMaps.get());
    // ...and fails after a rejection that committed
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> attempt("sneaky row", due, "row", commitThenReject.apply(sneaky), rows))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("committed something");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                attempt(
                    "sneaky definition",
                    due,
                    "definition",
                    () -> {
                      floe.createTable("sneaky.created")
                          .column("id", Types.LongType.get())
                          .create();
                      throw new io.floe.ValidationException("rejected after creating");
                    },
                    definitions))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("committed something");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                attempt(
                    "sneaky property map",
                    0,
                    "map",
                    commitThenReject.apply(empty),
                    propertyMaps,
                    1))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("committed something");
    for (String table : List.of("sneaky.t", "sneaky.empty", "sneaky.created")) {
      floe.dropTable(table);
    }
  }

  @Test
  void onlyArgumentChecksAtTheEntryPointCount() {
    StackTraceElement caller =
        new StackTraceElement(BadInputTest.class.getName(), "lambda$0", null, 1);
    StackTraceElement entry =
        new StackTraceElement("io.floe.impl.TableCreatorImpl", "bloomFilter", null, 1);
    StackTraceElement requireNonNull =
        new StackTraceElement("java.util.Objects", "requireNonNull", null, 1);
    StackTraceElement inside =
        new StackTraceElement("io.floe.impl.write.AppendImpl", "commit", null, 1);
    StackTraceElement iceberg =
        new StackTraceElement("org.apache.iceberg.SnapshotProducer", "commit", null, 1);
    assertThat(
            argumentCheck(
                withStack(new NullPointerException("column"), requireNonNull, entry, caller)))
        .isTrue();
    assertThat(argumentCheck(withStack(new IllegalArgumentException("bad"), entry, caller)))
        .isTrue();
    // an NPE Floe's code runs into, one without the parameter's name, and any IllegalStateException
    assertThat(argumentCheck(withStack(new NullPointerException(), inside, entry, caller)))
        .isFalse();
    assertThat(
            argumentCheck(
                withStack(new NullPointerException("nope"), requireNonNull, entry, caller)))
        .isFalse();
    assertThat(
            argumentCheck(withStack(new NullPointerException(null), requireNonNull, entry, caller)))
        .isFalse();
    assertThat(argumentCheck(withStack(new IllegalStateException("state"), entry, caller)))
        .isFalse();
    // thrown by a library, or by Floe's code called back from a library
    assertThat(
            argumentCheck(withStack(new IllegalArgumentException("bad"), iceberg, entry, caller)))
        .isFalse();
    assertThat(
            argumentCheck(
                withStack(new IllegalArgumentException("bad"), inside, iceberg, entry, caller)))
        .isFalse();
  }

  private static RuntimeException withStack(RuntimeException e, StackTraceElement... frames) {
    e.setStackTrace(frames);
    return e;
  }

  // ---- table definitions ----

  private static final String[] NAMES = {
    "id", "x", "", " ", "a.b", "id", "ts", "名前", "weird name", "x"
  };
  private static final String[] TABLE_NAMES = {
    "defs.t", "t", "", ".t", "defs..t", "defs.", "a.b.c", " . ", "defs.existing"
  };
  private static final Type[] TYPES = {
    Types.LongType.get(),
    Types.StringType.get(),
    Types.DateType.get(),
    Types.TimestampType.withZone(),
    Types.DecimalType.of(38, 0),
    Types.BooleanType.get(),
    Types.FloatType.get(),
    Types.StructType.of(),
    Types.ListType.ofOptional(1, Types.StringType.get())
  };

  @Test
  void badTableDefinitions() {
    Floe floe = definitions;
    floe.createTable("defs.existing").column("id", Types.LongType.get()).create();
    Random random = new Random(SEED);
    for (int i = 0; i < perKind; i++) {
      String name = TABLE_NAMES[random.nextInt(TABLE_NAMES.length)];
      int columns = random.nextInt(4);
      List<Object[]> plan = new ArrayList<>();
      for (int c = 0; c < columns; c++) {
        plan.add(
            new Object[] {
              NAMES[random.nextInt(NAMES.length)],
              random.nextInt(12) == 0 ? null : TYPES[random.nextInt(TYPES.length)],
              random.nextBoolean()
            });
      }
      String partColumn = NAMES[random.nextInt(NAMES.length)];
      int partKind = random.nextInt(8);
      int arg = random.nextInt(5) - 2;
      String sortColumn = random.nextInt(3) == 0 ? NAMES[random.nextInt(NAMES.length)] : null;
      String bloom = random.nextInt(4) == 0 ? NAMES[random.nextInt(NAMES.length)] : null;
      int version = random.nextInt(6) == 0 ? random.nextInt(6) - 1 : 2;
      String input =
          name
              + " "
              + plan.stream().map(java.util.Arrays::toString).toList()
              + " part="
              + partKind
              + "("
              + arg
              + ","
              + partColumn
              + ") sort="
              + sortColumn
              + " bloom="
              + bloom
              + " v"
              + version;
      attempt(
          "table definition",
          i,
          input,
          () -> {
            TableCreator creator = floe.createTable(name);
            for (Object[] column : plan) {
              creator.column((String) column[0], (Type) column[1]);
              if ((Boolean) column[2]) {
                creator.required();
              }
            }
            switch (partKind) {
              case 0 -> creator.partitionBy(p -> p.identity(partColumn));
              case 1 -> creator.partitionBy(p -> p.bucket(partColumn, arg));
              case 2 -> creator.partitionBy(p -> p.truncate(partColumn, arg));
              case 3 -> creator.partitionBy(p -> p.day(partColumn));
              case 4 -> creator.partitionBy(p -> p.hour(partColumn).hour(partColumn));
              default -> {}
            }
            if (sortColumn != null) {
              creator.sortBy(s -> s.asc(sortColumn));
            }
            if (bloom != null) {
              creator.bloomFilter(bloom);
            }
            creator.formatVersion(version);
            creator.create();
            floe.dropTable(name);
          },
          tablesAre(List.of("defs", "a.b"), java.util.Set.of("defs.existing")));
    }
    assertThat(floe.listTables("defs")).containsExactly("defs.existing");
    assertThat(floe.listTables("db")).containsExactly("db.target");
  }

  // ---- rows ----

  private static final Object[] VALUES = {
    null,
    "x",
    "",
    1,
    -1,
    1.5,
    Double.NaN,
    Long.MAX_VALUE,
    Integer.MIN_VALUE,
    (short) 3,
    new BigDecimal("1e40"),
    new BigDecimal("12.345"),
    BigDecimal.ONE,
    "2026-13-45",
    "2026-01-01",
    LocalDate.of(2026, 1, 1),
    Instant.EPOCH,
    LocalDateTime.of(2026, 1, 1, 0, 0),
    UUID.randomUUID(),
    "not-a-uuid",
    new byte[] {1, 2},
    ByteBuffer.allocate(2),
    List.of(1, 2),
    List.of("a"),
    Map.of("city", 1),
    Map.of(1, 2),
    Map.of("k", "v"),
    new Object(),
    true,
    'c',
    Optional.empty(),
    new int[] {1},
    Map.of("zip", "no")
  };
  private static final Object[][] POISON = {
    {"unknown", 1},
    {"id", null},
    {"id", "x"},
    {"id", 1.5},
    {"n", "x"},
    {"n", Long.MAX_VALUE},
    {"day", "2026-13-45"},
    {"day", 3.5},
    {"ts", "yesterday"},
    {"price", new BigDecimal("1e40")},
    {"price", "abc"},
    {"score", "high"},
    {"uid", "not-a-uuid"},
    {"bytes", "x"},
    {"address", Map.of("zip", "no")},
    {"address", Map.of("nope", 1)},
    {"address", 5},
    {"tags", 5},
    {"tags", List.of(new Object())},
    {"attrs", Map.of("k", "v")},
    {"attrs", List.of(1)},
    {"ID", 1L},
    {"name", new Object()},
    {"", 1}
  };
  private static final String[] ROW_KEYS = {
    "id",
    "n",
    "name",
    "day",
    "ts",
    "price",
    "score",
    "uid",
    "bytes",
    "address",
    "tags",
    "attrs",
    "unknown",
    "ID",
    "address.city",
    ""
  };

  @Test
  void badRows() {
    Random random = new Random(SEED + 1);
    long good = target.refresh().currentSnapshot().map(Snapshot::snapshotId).orElseThrow();
    for (int i = 0; i < perKind; i++) {
      Map<String, Object> row = new HashMap<>();
      row.put("id", 7L);
      int keys = random.nextInt(3);
      for (int k = 0; k < keys; k++) {
        row.put(ROW_KEYS[random.nextInt(ROW_KEYS.length)], VALUES[random.nextInt(VALUES.length)]);
      }
      // one entry that is certainly wrong, so every row is a bad input
      Object[] poison = POISON[random.nextInt(POISON.length)];
      row.put((String) poison[0], poison[1]);
      // one in 50 follows a good row, which opens a Parquet file first (milliseconds): the bad row
      // must still leave nothing committed and the file deleted
      int how = i % 50 == 0 ? 2 : random.nextInt(3) == 0 ? 1 : 0;
      attempt(
          how == 2 ? "row after a good row" : "row",
          i,
          row,
          () -> {
            switch (how) {
              case 0 -> target.newAppend().row(row).commit();
              case 2 -> target.newAppend().rows(List.of(Map.of("id", 9L), row)).commit();
              default ->
                  target
                      .newAppend()
                      .object(row.values().iterator().next() == null ? row : row.values())
                      .commit();
            }
            throw new AssertionError("row accepted: " + row);
          },
          snapshotIs("db.target", good));
    }
    assertThat(target.refresh().snapshots()).hasSize(1);
    assertThat(target.currentSnapshot().map(Snapshot::snapshotId)).contains(good);
    assertThat(kit.orphanFiles(target)).as("files of rejected appends").isEmpty();
  }

  // ---- filters ----

  private static final String[] FILTER_COLUMNS = {
    "id",
    "n",
    "name",
    "day",
    "ts",
    "price",
    "score",
    "uid",
    "bytes",
    "address",
    "address.city",
    "address.nope",
    "tags",
    "attrs",
    "missing",
    "ID"
  };
  private static final Object[] LITERALS = {
    "x",
    "",
    1,
    -1L,
    1.5,
    2.5f,
    Long.MAX_VALUE,
    new BigDecimal("1.234"),
    new BigDecimal("1e40"),
    "2026-13-45",
    "2026-01-01",
    "2026-01-01T00:00:00Z",
    UUID.randomUUID(),
    "not-a-uuid",
    ByteBuffer.wrap(new byte[] {1}),
    true
  };

  @Test
  void badFilters() {
    Random random = new Random(SEED + 2);
    long good = target.refresh().currentSnapshot().map(Snapshot::snapshotId).orElseThrow();
    for (int i = 0; i < perKind; i++) {
      Expression filter = filter(random, 2);
      boolean select = random.nextInt(4) == 0;
      String column = FILTER_COLUMNS[random.nextInt(FILTER_COLUMNS.length)];
      attempt(
          "filter",
          i,
          filter + (select ? " select " + column : ""),
          () -> {
            var scan = target.newScan().where(filter);
            if (select) {
              scan = scan.select(column);
            }
            scan.count();
          },
          snapshotIs("db.target", good));
    }
    assertThat(target.refresh().snapshots()).hasSize(1);
  }

  private static Expression filter(Random random, int depth) {
    if (depth > 0 && random.nextInt(4) == 0) {
      return switch (random.nextInt(3)) {
        case 0 -> Expressions.and(filter(random, depth - 1), filter(random, depth - 1));
        case 1 -> Expressions.or(filter(random, depth - 1), filter(random, depth - 1));
        default -> Expressions.not(filter(random, depth - 1));
      };
    }
    String column = FILTER_COLUMNS[random.nextInt(FILTER_COLUMNS.length)];
    Object literal = LITERALS[random.nextInt(LITERALS.length)];
    return switch (random.nextInt(10)) {
      case 0 -> Expressions.equal(column, literal);
      case 1 -> Expressions.lessThan(column, literal);
      case 2 -> Expressions.greaterThanOrEqual(column, literal);
      case 3 -> Expressions.notEqual(column, literal);
      case 4 -> Expressions.in(column, literal, LITERALS[random.nextInt(LITERALS.length)]);
      case 5 -> Expressions.startsWith(column, String.valueOf(literal));
      case 6 -> Expressions.isNaN(column);
      case 7 -> Expressions.isNull(column);
      case 8 -> Expressions.notIn(column, literal);
      default -> Expressions.notNaN(column);
    };
  }

  // ---- property maps ----

  private static final String[] PROPERTY_KEYS = {
    TableProperties.FORMAT_VERSION,
    TableProperties.DEFAULT_FILE_FORMAT,
    TableProperties.PARQUET_COMPRESSION,
    TableProperties.WRITE_TARGET_FILE_SIZE_BYTES,
    TableProperties.COMMIT_NUM_RETRIES,
    TableProperties.PARQUET_ROW_GROUP_SIZE_BYTES,
    TableProperties.METADATA_PREVIOUS_VERSIONS_MAX,
    TableProperties.PARQUET_BLOOM_FILTER_COLUMN_ENABLED_PREFIX + "zz",
    "write.metadata.metrics.column.nope",
    TableProperties.DEFAULT_WRITE_METRICS_MODE,
    "random.key",
    ""
  };
  private static final String[] PROPERTY_VALUES = {
    "",
    "abc",
    "-1",
    "0",
    "99999999999999999999",
    "7",
    "1",
    "xyz",
    "parquet",
    "zstd",
    "nope",
    "truncate(-3)",
    "true",
    " "
  };

  static final int WRITE_EVERY = 25;

  @Test
  void badPropertyMaps() {
    Floe floe = propertyMaps;
    Random random = new Random(SEED + 3);
    for (int i = 0; i < perKind; i++) {
      Map<String, String> properties = new LinkedHashMap<>();
      int n = 1 + random.nextInt(3);
      for (int k = 0; k < n; k++) {
        properties.put(
            PROPERTY_KEYS[random.nextInt(PROPERTY_KEYS.length)],
            PROPERTY_VALUES[random.nextInt(PROPERTY_VALUES.length)]);
      }
      String name = "props.t";
      // every map is tried at creation, where Floe checks the properties it and Iceberg know; one
      // in WRITE_EVERY also writes a row, where the writer reads them (a Parquet writer costs
      // milliseconds)
      boolean write = i % WRITE_EVERY == 0;
      // checked after every input: an accepted one drops its table, and a rejected one may leave
      // a table that was created, but never a snapshot (then dropped here, after the check)
      attempt(
          write ? "property map + write" : "property map",
          i,
          properties,
          () -> {
            FloeTable table =
                floe.createTable(name)
                    .column("id", Types.LongType.get())
                    .properties(properties)
                    .create();
            if (write) {
              table.newAppend().row(Map.of("id", 1L)).commit();
            }
            floe.dropTable(name);
          },
          noSnapshotIn(name),
          1);
      if (floe.tableExists(name)) {
        floe.dropTable(name);
      }
    }
  }

  // ---- decoded inputs: Avro binary/JSON/single-object/registry messages, .avro files, YAML and
  // properties configuration (h-secrets; a separate block to ease merging) ----

  /**
   * Bad bytes for every decoder of untrusted input; each must end in a typed exception, nothing
   * committed.
   */
  @org.junit.jupiter.api.Nested
  class DecodedInputs {
    static final int PER_DECODER = Integer.getInteger("floe.badDecodedInputs", 2_000);

    /** Varints claiming 2^30, Long.MAX and an overlong 11-byte value. */
    private final byte[][] claims = {
      {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08},
      {
        (byte) 0xfe,
        (byte) 0xff,
        (byte) 0xff,
        (byte) 0xff,
        (byte) 0xff,
        (byte) 0xff,
        (byte) 0xff,
        (byte) 0xff,
        (byte) 0xff,
        0x01
      },
      {
        (byte) 0xff,
        (byte) 0xff,
        (byte) 0xff,
        (byte) 0xff,
        (byte) 0xff,
        (byte) 0xff,
        (byte) 0xff,
        (byte) 0xff,
        (byte) 0xff,
        (byte) 0xff,
        0x7f
      },
    };

    @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir;

    /**
     * {@link #attempt(String, int, Object, Runnable, Supplier)} on a random mutation of valid
     * bytes.
     */
    private void attemptMutated(
        String kind,
        int n,
        Random random,
        byte[] valid,
        Consumer<byte[]> decode,
        Supplier<Boolean> unchanged) {
      byte[] bytes = mutate(random, valid);
      attempt(kind, n, bytes.length + " bytes", () -> decode.accept(bytes), unchanged);
    }

    private byte[] mutate(Random random, byte[] seed) {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      int at = random.nextInt(seed.length + 1);
      out.write(seed, 0, at);
      switch (random.nextInt(3)) {
        case 0 -> out.writeBytes(claims[random.nextInt(claims.length)]);
        case 1 -> out.write(random.nextInt(256));
        default -> {
          byte[] noise = new byte[random.nextInt(16)];
          random.nextBytes(noise);
          out.writeBytes(noise);
        }
      }
      int skip = Math.min(seed.length - at, random.nextInt(3));
      out.write(seed, at + skip, seed.length - at - skip);
      return out.toByteArray();
    }

    private Optional<Long> current() {
      return current(target);
    }

    private Optional<Long> current(FloeTable table) {
      return table.refresh().currentSnapshot().map(Snapshot::snapshotId);
    }

    @Test
    void badAvroBinaryJsonSingleObjectAndRegistryMessages() {
      Random random = new Random(SEED + 10);
      io.floe.avro.AvroCodec<org.apache.iceberg.data.Record> codec =
          io.floe.avro.AvroCodec.rows(target.schema());
      org.apache.iceberg.data.Record row =
          org.apache.iceberg.data.GenericRecord.create(target.schema());
      row.setField("id", 7L);
      row.setField("name", "seven");
      row.setField("tags", List.of("a", "b"));
      row.setField("attrs", Map.of("k", 1L));
      byte[] binary = codec.toBinary(row);
      byte[] single = codec.toSingleObject(row);
      String json = codec.toJson(row);
      org.apache.avro.Schema avro = codec.schema();
      io.floe.avro.SchemaRegistry registry =
          new io.floe.avro.SchemaRegistry() {
            @Override
            public int register(String subject, org.apache.avro.Schema schema) {
              return 1;
            }

            @Override
            public org.apache.avro.Schema schemaById(int id) {
              return avro;
            }

            @Override
            public Optional<io.floe.avro.RegisteredSchema> latest(String subject) {
              return Optional.empty();
            }

            @Override
            public Optional<io.floe.avro.RegisteredSchema> lookup(
                String subject, org.apache.avro.Schema s) {
              return Optional.empty();
            }

            @Override
            public List<Integer> versions(String subject) {
              return List.of();
            }

            @Override
            public boolean isCompatible(String subject, org.apache.avro.Schema s) {
              return true;
            }
          };
      io.floe.avro.RegistrySerde serde = io.floe.avro.RegistrySerde.of(registry);
      byte[] message = new byte[5 + binary.length];
      message[4] = 1;
      System.arraycopy(binary, 0, message, 5, binary.length);
      Optional<Long> before = current();
      for (int i = 0; i < PER_DECODER; i++) {
        Supplier<Boolean> unchanged = () -> current().equals(before);
        attemptMutated("avro binary", i, random, binary, codec::fromBinary, unchanged);
        attemptMutated("avro single-object", i, random, single, codec::fromSingleObject, unchanged);
        attemptMutated("registry message", i, random, message, serde::deserialize, unchanged);
        int at = random.nextInt(json.length());
        String j =
            json.substring(0, at)
                + "{[\"\u0000:-1e999".charAt(random.nextInt(11))
                + json.substring(at);
        attempt("avro json", i, j, () -> codec.fromJson(j), () -> current().equals(before));
      }
      for (byte[] claim : claims) {
        attempt(
            "avro binary claim",
            0,
            "claim",
            () -> codec.fromBinary(claim),
            () -> current().equals(before));
      }
      assertThat(outcomes.get("avro binary claim -> ValidationException")).isEqualTo(claims.length);
    }

    @Test
    void badAvroFilesCommitNothing() throws java.io.IOException {
      Random random = new Random(SEED + 11);
      org.apache.avro.Schema schema =
          org.apache.avro.SchemaBuilder.record("Row")
              .fields()
              .requiredLong("id")
              .optionalString("name")
              .endRecord();
      java.io.ByteArrayOutputStream good = new java.io.ByteArrayOutputStream();
      try (org.apache.avro.file.DataFileWriter<org.apache.avro.generic.GenericRecord> writer =
          new org.apache.avro.file.DataFileWriter<>(
              new org.apache.avro.generic.GenericDatumWriter<>(schema))) {
        writer.create(schema, good);
        for (long id = 0; id < 5; id++) {
          org.apache.avro.generic.GenericRecord r =
              new org.apache.avro.generic.GenericData.Record(schema);
          r.put("id", id);
          r.put("name", "n" + id);
          writer.append(r);
        }
      }
      java.nio.file.Path file = dir.resolve("bad.avro");
      // a table of its own: a mutated file that is still valid commits, and the other kinds count
      // the target's snapshots
      FloeTable avroTarget =
          kit.newFloe()
              .createTable("decoded.avro_target")
              .columns(
                  c ->
                      c.column("id", Types.LongType.get())
                          .required()
                          .column("name", Types.StringType.get()))
              .create();
      for (int i = 0; i < PER_DECODER / 4; i++) {
        byte[] bytes = mutate(random, good.toByteArray());
        java.nio.file.Files.write(file, bytes);
        Optional<Long> before = current(avroTarget);
        attempt(
            "avro file",
            i,
            bytes.length + " bytes",
            () -> io.floe.avro.AvroFiles.append(avroTarget, List.of(file)),
            () -> current(avroTarget).equals(before));
      }
    }

    @Test
    void badConfigurationFiles() throws java.io.IOException {
      Random random = new Random(SEED + 12);
      String[] yamls = {
        "catalog: [",
        "catalog:\n  p: 1\n",
        "catalog:\n  p:\n    a: [1]\n",
        "- a\n- b\n",
        "catalog: " + "[".repeat(10_000),
        "catalog:\n  p: &a {x: *a}\n",
        "catalog:\n  p:\n    t: \"open\n",
        "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b]\n"
            + "d: &d [*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d]\ncatalog: *e\n",
        "catalog:\n  p:\n    type: rest\n    big: " + "x".repeat((1 << 20) + 1) + "\n",
        "\u0000\uFFFF"
      };
      String[] properties = {
        "catalog.=x", "nope=1", "catalog.p=1", "catalog.p.type=\\u00zz", "catalog..x=1"
      };
      java.nio.file.Path yaml = dir.resolve("floe.yaml");
      java.nio.file.Path props = dir.resolve("floe.properties");
      for (int i = 0; i < PER_DECODER / 4; i++) {
        String y = yamls[random.nextInt(yamls.length)];
        java.nio.file.Files.writeString(yaml, y);
        attempt(
            "yaml config",
            i,
            y.length() > 60 ? y.substring(0, 60) + "..." : y,
            () -> io.floe.FloeConfig.fromFile(yaml),
            () -> true);
        String p = properties[random.nextInt(properties.length)];
        java.nio.file.Files.writeString(props, p);
        attempt("properties config", i, p, () -> io.floe.FloeConfig.fromFile(props), () -> true);
      }
    }
  }
}

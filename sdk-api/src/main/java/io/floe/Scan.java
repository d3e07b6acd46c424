package io.floe;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.apache.iceberg.Schema;
import org.apache.iceberg.expressions.Expression;

/**
 * A read of a table: which columns, which rows, as of when. Immutable and thread-safe: every method
 * returns a new scan, so a scan can be kept and refined.
 *
 * <p>Filters given to {@link #where(Expression)} are combined with AND, prune partitions, files and
 * row groups, and are applied exactly to the rows returned. Only one of {@link
 * #asOfSnapshot(long)}, {@link #asOfTime(Instant)} and {@link #useRef(String)} may be used.
 *
 * <p><b>Filter semantics.</b> Every read path (rows, {@link #count()}, {@link #planTasks()}, Arrow
 * scans, incremental and changelog scans) and every pruning step (partitions, file and row-group
 * statistics, dictionaries, Bloom filters) follows one semantics, SQL's three-valued logic,
 * whatever the layout of the files:
 *
 * <ul>
 *   <li>{@code isNull}, {@code notNull}, {@code isNaN} and {@code notNaN} are TRUE or FALSE, never
 *       unknown: {@code isNaN(null)} is FALSE and {@code notNaN(null)} TRUE.
 *   <li>Every other predicate ({@code lessThan}, {@code lessThanOrEqual}, {@code greaterThan},
 *       {@code greaterThanOrEqual}, {@code equal}, {@code notEqual}, {@code in}, {@code notIn},
 *       {@code startsWith}, {@code notStartsWith}) is UNKNOWN on a null value; {@code and}, {@code
 *       or} and {@code not} follow Kleene logic ({@code not} UNKNOWN is UNKNOWN, FALSE {@code and}
 *       UNKNOWN is FALSE, TRUE {@code or} UNKNOWN is TRUE). A row is returned only when the whole
 *       filter is TRUE, so {@code x < 10} and {@code not(x < 10)} both drop a null {@code x}, and
 *       so do {@code notEqual}, {@code notIn} and {@code notStartsWith}.
 *   <li>Floating point follows IEEE 754: NaN is not less than, greater than, equal to or in
 *       anything (FALSE, not unknown), {@code notEqual} and {@code notIn} are TRUE for NaN, and
 *       {@code -0.0} equals {@code 0.0}. Use {@code isNaN} to find NaN.
 *   <li>Strings compare by Unicode code point (the order of their UTF-8 bytes); binary, fixed and
 *       uuid values compare unsigned byte by byte (a uuid as its 16 big-endian bytes, the order of
 *       Parquet statistics); decimals compare numerically.
 *   <li>Equality deletes match null-safely (a delete of null deletes the rows whose column is null)
 *       and are applied before the filter: a deleted row never comes back under any filter. Only
 *       the delete's equality columns decide, whatever other columns its file holds. A
 *       floating-point delete value matches the stored value exactly, as in every Iceberg reader: a
 *       delete of NaN deletes NaN rows, and {@code -0.0} and {@code 0.0} are different values.
 *   <li>The same semantics apply to metadata tables ({@link FloeTable#metadataTable}).
 * </ul>
 *
 * <p>This differs from Iceberg's own {@code Evaluator}, which orders a null below every value
 * (keeping a null {@code x} for {@code x < 10}), treats {@code notEqual}/{@code notIn} of null as
 * true and orders NaN above every value.
 *
 * <pre>{@code
 * try (RowStream hits = events.newScan()
 *         .select("id", "category")
 *         .where(Expressions.equal("category", "books"))
 *         .rows()) {
 *   hits.forEach(row -> System.out.println(row.get("id")));
 * }
 * }</pre>
 */
public non-sealed interface Scan extends ArrowReadable {

  /**
   * Reads only these columns (dotted names for nested fields), in table order.
   *
   * @param columns the column names
   * @return a new scan
   * @throws ValidationException when a column does not exist (checked when the scan runs)
   */
  Scan select(String... columns);

  /**
   * Reads only these columns (dotted names for nested fields), in table order.
   *
   * @param columns the column names
   * @return a new scan
   */
  Scan select(Collection<String> columns);

  /**
   * Keeps only rows matching a filter; repeated calls are combined with AND.
   *
   * @param filter an Iceberg expression, such as {@code Expressions.greaterThan("id", 5)}
   * @return a new scan
   */
  Scan where(Expression filter);

  /**
   * Keeps only rows matching a filter written as a SQL {@code WHERE} clause; repeated calls (with
   * either kind of filter) are combined with AND.
   *
   * <p>The grammar: comparisons {@code = == != <> < <= > >=} between a column and a literal (either
   * side), {@code and}, {@code or}, {@code not} (binding tighter than {@code and}, which binds
   * tighter than {@code or}) and parentheses; {@code col is [not] null}, {@code col is [not] nan},
   * {@code col [not] in (v1, v2, ...)}, {@code col [not] between a and b}, {@code col [not] like
   * 'prefix%'} (a prefix match: {@code %} only at the end, {@code \%} and {@code \_} match the
   * characters themselves; other patterns are rejected); {@code true} and {@code false}. Literals:
   * integers, decimals ({@code 1.25}), floats ({@code 1.5e3}), strings in single quotes ({@code ''}
   * for a quote), {@code true}, {@code false}, and typed literals {@code date '2026-01-31'}, {@code
   * time '12:30:00'}, {@code timestamp '2026-01-31 12:30:00'} (or only a date), {@code timestamptz
   * '2026-01-31 12:30:00+01:00'} (UTC without an offset), {@code uuid '...'} and {@code x'0aff'}
   * (binary). Columns are plain names, {@code "quoted names"} ({@code ""} for a quote) and dotted
   * nested names ({@code address.city}). Keywords ignore case.
   *
   * <pre>{@code
   * table.newScan().where("category = 'books' and ts >= timestamp '2026-01-01'").rows();
   * }</pre>
   *
   * @param filter the filter text
   * @return a new scan
   * @throws ValidationException when the text is not a valid filter; the message shows the text and
   *     the position of the offending token (a column or literal that does not fit the table is
   *     reported when the scan runs, naming the table and column)
   */
  Scan where(String filter);

  /**
   * Matches column names in {@link #select} and {@link #where} ignoring case.
   *
   * @return a new scan
   */
  Scan caseInsensitive();

  /**
   * Reads the table as it was at a snapshot.
   *
   * @param snapshotId the snapshot id
   * @return a new scan
   * @throws IllegalStateException when another time-travel option was already chosen
   */
  Scan asOfSnapshot(long snapshotId);

  /**
   * Reads the table as it was at a point in time (the snapshot current then).
   *
   * @param time the point in time
   * @return a new scan
   * @throws IllegalStateException when another time-travel option was already chosen
   */
  Scan asOfTime(Instant time);

  /**
   * Reads the head of a branch or the snapshot of a tag.
   *
   * @param ref the branch or tag name
   * @return a new scan
   * @throws IllegalStateException when another time-travel option was already chosen
   */
  Scan useRef(String ref);

  /**
   * Returns at most this many rows.
   *
   * @param maxRows the limit, zero or more
   * @return a new scan
   * @throws IllegalArgumentException when the limit is negative
   */
  Scan limit(long maxRows);

  /**
   * The schema of the rows this scan returns.
   *
   * @return the projected schema
   * @throws ValidationException when a selected column does not exist
   */
  Schema schema();

  /**
   * Runs the scan, streaming rows file by file; close the result to release files.
   *
   * @return the matching rows
   * @throws ValidationException when a column or filter does not fit the table
   * @throws NotFoundException when the snapshot, time or ref does not exist
   * @throws FloeIOException when a file cannot be read
   */
  RowStream rows();

  /**
   * Runs the scan, reading each row into a Java record or POJO; close the result to release files.
   *
   * <p>Columns map to the record's components, or to the POJO's public setters and public fields
   * (the POJO needs a no-argument constructor), by name, camelCase matching snake_case as in {@link
   * RowInput#objects(Iterable)}: column {@code event_ts} fills component {@code eventTs}; a member
   * annotated {@link FieldId} fills from the column of that id first (so renames keep working).
   * Every component or property needs a column; columns no field names are not read (unless {@link
   * #select} chose the columns). Values convert where no information is lost: {@code int} to {@code
   * int}, {@code Integer}, {@code long}, {@code Long} or {@code double}; {@code long} to {@code
   * long}/{@code Long}; {@code float} to {@code float} or {@code double}; {@code decimal} to {@code
   * BigDecimal}; {@code date} to {@code LocalDate}; {@code time} to {@code LocalTime}; {@code
   * timestamptz} to {@code Instant}, {@code OffsetDateTime} or {@code ZonedDateTime}; {@code
   * timestamp} to {@code LocalDateTime} or {@code Instant} (as UTC, as writes read it); {@code
   * string} to {@code String} or an enum (by name); {@code uuid} to {@code UUID} or {@code String};
   * {@code binary} and {@code fixed} to {@code byte[]} or {@code ByteBuffer}; structs to nested
   * records or POJOs (or {@link Row}, or {@code Map}); lists to {@code List} or arrays; maps to
   * {@code Map}; {@code variant} to {@link Variant}; any value to {@code Object} (as {@link Row}
   * gives it).
   *
   * <pre>{@code
   * record Event(long id, Instant ts, String category) {}
   * List<Event> books = table.newScan().where("category = 'books'").as(Event.class).toList();
   * }</pre>
   *
   * @param <T> the type of the objects
   * @param type a record class, or a class with a no-argument constructor
   * @return the objects, one per matching row
   * @throws ValidationException naming the table, the class and the field when a field has no
   *     column or a column's type cannot convert to the field's type, and (while reading) when a
   *     null reaches a primitive field
   * @throws NotFoundException when the snapshot, time or ref does not exist
   * @throws FloeIOException when a file cannot be read
   */
  <T> ObjectStream<T> as(Class<T> type);

  /**
   * Counts the matching rows (with deletes applied, and up to the limit).
   *
   * @return the number of rows {@link #rows()} would return
   * @throws ValidationException when a column or filter does not fit the table
   * @throws NotFoundException when the snapshot, time or ref does not exist
   */
  long count();

  /**
   * Plans the scan into serializable tasks that can be read on other threads or JVMs, grouping
   * files and file splits to the table's target split size ({@code read.split.target-size}, 128 MiB
   * unless set).
   *
   * <pre>{@code
   * List<ReadTask> tasks = table.newScan().select("id", "name").planTasks();
   * }</pre>
   *
   * @return the tasks, empty when nothing matches
   * @throws ValidationException when a column or filter does not fit the table
   * @throws NotFoundException when the snapshot, time or ref does not exist
   * @throws UnsupportedFeatureException when this kind of scan cannot be planned into tasks
   *     (metadata table scans)
   */
  default List<ReadTask> planTasks() {
    throw new UnsupportedFeatureException(
        "Scan " + this + " cannot be planned into read tasks; read it with rows()", null);
  }

  /**
   * Plans the scan into serializable tasks of about {@code targetSplitBytes} each: large files are
   * split at row group boundaries and small files are combined.
   *
   * <pre>{@code
   * List<ReadTask> tasks = table.newScan().planTasks(32L << 20); // 32 MiB per task
   * }</pre>
   *
   * @param targetSplitBytes the target number of data bytes per task, at least 1
   * @return the tasks, empty when nothing matches
   * @throws IllegalArgumentException when {@code targetSplitBytes} is less than 1
   * @throws ValidationException when a column or filter does not fit the table
   * @throws NotFoundException when the snapshot, time or ref does not exist
   * @throws UnsupportedFeatureException when this kind of scan cannot be planned into tasks
   *     (metadata table scans)
   */
  default List<ReadTask> planTasks(long targetSplitBytes) {
    throw new UnsupportedFeatureException(
        "Scan " + this + " cannot be planned into read tasks; read it with rows()", null);
  }

  /**
   * Plans the scan and says what it would read, without opening a data file: the snapshot, the data
   * files left after pruning by partition values and column statistics (with their rows, sizes,
   * delete files and residual filters) and what was pruned.
   *
   * <pre>{@code
   * System.out.println(table.newScan().where("category = 'books'").explain());
   * }</pre>
   *
   * @return the explanation
   * @throws ValidationException when a column or filter does not fit the table
   * @throws NotFoundException when the snapshot, time or ref does not exist
   * @throws UnsupportedFeatureException when this kind of scan cannot be explained (metadata table
   *     scans)
   */
  default ScanExplanation explain() {
    throw new UnsupportedFeatureException("Scan " + this + " cannot be explained", null);
  }
}

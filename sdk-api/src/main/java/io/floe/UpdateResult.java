package io.floe;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;

/**
 * What a metadata update did ({@link SchemaUpdate}, {@link PartitionSpecUpdate}, {@link
 * SortOrderUpdate}, {@link PropertiesUpdate}, {@link ManageSnapshots}): the table's definition
 * right after the commit. Such updates make no snapshot; {@link #snapshotId()} is the main branch's
 * head after the commit (after a rollback, the snapshot rolled back to).
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * Schema schema = table.updateSchema().addColumn("region", Types.StringType.get()).commit().schema();
 * }</pre>
 *
 * @param table the table's full name
 * @param snapshotId the main branch's head after the commit, or -1 when the table has no snapshot
 * @param summary the summary of that snapshot, empty when there is none
 * @param schema the table's schema after the commit
 * @param spec the table's default partition spec after the commit
 * @param sortOrder the table's sort order after the commit
 * @param properties the table's properties after the commit
 * @param duration the time the update took
 */
public record UpdateResult(
    String table,
    long snapshotId,
    Map<String, String> summary,
    Schema schema,
    PartitionSpec spec,
    SortOrder sortOrder,
    Map<String, String> properties,
    Duration duration)
    implements CommitResult {

  /**
   * Copies the maps and checks the values.
   *
   * @param table the table's full name
   * @param snapshotId the main branch's head after the commit, or -1
   * @param summary the summary of that snapshot, empty when there is none
   * @param schema the table's schema after the commit
   * @param spec the table's default partition spec after the commit
   * @param sortOrder the table's sort order after the commit
   * @param properties the table's properties after the commit
   * @param duration the time the update took
   * @throws NullPointerException when an argument is null
   */
  public UpdateResult {
    Objects.requireNonNull(table, "table");
    summary = Map.copyOf(summary);
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(sortOrder, "sortOrder");
    properties = Map.copyOf(properties);
    Objects.requireNonNull(duration, "duration");
  }
}

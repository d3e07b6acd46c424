package io.floe.security.internal;

import io.floe.AddFiles;
import io.floe.Append;
import io.floe.ChangelogScan;
import io.floe.CommitState;
import io.floe.Delete;
import io.floe.FloeTable;
import io.floe.IncrementalScan;
import io.floe.Maintenance;
import io.floe.ManageSnapshots;
import io.floe.MetadataTableType;
import io.floe.Overwrite;
import io.floe.PartitionSpecUpdate;
import io.floe.Principal;
import io.floe.PropertiesUpdate;
import io.floe.Scan;
import io.floe.SchemaUpdate;
import io.floe.SortOrderUpdate;
import io.floe.TableHealth;
import io.floe.TableTransaction;
import io.floe.Upsert;
import io.floe.security.Privilege;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.expressions.Binder;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;

/**
 * A table as one principal sees it: reads go through {@link SecureScan} and its siblings, which
 * enforce the policy where the scan is planned; writes, maintenance and changes of the table's
 * definition check the principal's grants first.
 */
public final class SecureTable implements FloeTable {
  final Guard guard;
  final Principal principal;
  final FloeTable inner;

  SecureTable(Guard guard, Principal principal, FloeTable inner) {
    this.guard = guard;
    this.principal = principal;
    this.inner = inner;
  }

  /**
   * The table under the protection (for erasure, which checks the admin grant itself).
   *
   * @param table a table
   * @return the unprotected table, and the check to run first
   */
  public static Optional<SecureTable> of(FloeTable table) {
    return table instanceof SecureTable s ? Optional.of(s) : Optional.empty();
  }

  /**
   * Requires the admin grant and returns the unprotected table.
   *
   * @return the table
   */
  public FloeTable requireAdmin() {
    guard.require(principal, name(), Privilege.ADMIN);
    return inner;
  }

  Access access() {
    return guard.access(principal, inner.name());
  }

  Access requireRead() {
    guard.require(principal, inner.name(), Privilege.READ);
    return access();
  }

  private <T> T require(Privilege p, java.util.function.Supplier<T> op) {
    guard.require(principal, inner.name(), p);
    return op.get();
  }

  /** Refuses a projection that names a denied column (or a struct holding one). */
  void checkColumns(Access access, Collection<String> columns, boolean caseSensitive) {
    if (access.denied.isEmpty() || columns == null) {
      return;
    }
    Schema schema = inner.schema();
    Set<Integer> denied = access.deniedIds(schema);
    for (String column : columns) {
      Types.NestedField field =
          caseSensitive ? schema.findField(column) : schema.caseInsensitiveFindField(column);
      if (field == null) {
        continue; // the scan reports the unknown column
      }
      Types.NestedField top = topLevelOf(schema, field.fieldId());
      if (top != null && denied.contains(top.fieldId())) {
        throw guard.deny(
            principal,
            "column",
            inner.name(),
            top.name(),
            "may not read column " + top.name() + " of table " + inner.name());
      }
    }
  }

  /** Refuses a caller's filter on a denied or masked column (values could be inferred). */
  void checkFilter(Access access, Expression filter, boolean caseSensitive) {
    if (access.denied.isEmpty() && access.masks.isEmpty()) {
      return;
    }
    Schema schema = inner.schema();
    Set<Integer> refs;
    try {
      refs = Binder.boundReferences(schema.asStruct(), List.of(filter), caseSensitive);
    } catch (RuntimeException e) {
      return; // the scan reports the unknown column or bad literal
    }
    Set<Integer> denied = access.deniedIds(schema);
    Set<Integer> masked = access.maskedIds(schema);
    for (int id : refs) {
      Types.NestedField top = topLevelOf(schema, id);
      if (top == null) {
        continue;
      }
      if (denied.contains(top.fieldId())) {
        throw guard.deny(
            principal,
            "filter",
            inner.name(),
            top.name(),
            "may not filter on column " + top.name() + " of table " + inner.name() + " (denied)");
      }
      if (masked.contains(top.fieldId())) {
        throw guard.deny(
            principal,
            "filter",
            inner.name(),
            top.name(),
            "may not filter on column "
                + top.name()
                + " of table "
                + inner.name()
                + ": it is masked for this principal, and a filter on the stored values would"
                + " reveal them");
      }
    }
  }

  /** The top-level columns the principal may read. */
  List<String> allowedColumns(Access access) {
    Schema schema = inner.schema();
    Set<Integer> denied = access.deniedIds(schema);
    List<String> result = new ArrayList<>();
    for (Types.NestedField f : schema.columns()) {
      if (!denied.contains(f.fieldId())) {
        result.add(f.name());
      }
    }
    return result;
  }

  private static Types.NestedField topLevelOf(Schema schema, int id) {
    for (Types.NestedField f : schema.columns()) {
      if (f.fieldId() == id || TypeUtil.getProjectedIds(f.type()).contains(id)) {
        return f;
      }
    }
    return null;
  }

  @Override
  public String name() {
    return inner.name();
  }

  /** The schema without the columns denied to the principal. */
  @Override
  public Schema schema() {
    Access access = access();
    Schema schema = inner.schema();
    if (access.denied.isEmpty()) {
      return schema;
    }
    return TypeUtil.selectNot(schema, access.deniedIds(schema));
  }

  @Override
  public PartitionSpec spec() {
    return inner.spec();
  }

  @Override
  public SortOrder sortOrder() {
    return inner.sortOrder();
  }

  @Override
  public Map<String, String> properties() {
    return inner.properties();
  }

  @Override
  public String location() {
    return inner.location();
  }

  @Override
  public Optional<Snapshot> currentSnapshot() {
    return inner.currentSnapshot();
  }

  @Override
  public Optional<Snapshot> snapshot(long snapshotId) {
    return inner.snapshot(snapshotId);
  }

  @Override
  public List<Snapshot> snapshots() {
    return inner.snapshots();
  }

  @Override
  public FloeTable refresh() {
    return new SecureTable(guard, principal, inner.refresh());
  }

  @Override
  public CommitState commitState(String commitId) {
    return inner.commitState(commitId);
  }

  @Override
  public Append newAppend() {
    return require(Privilege.WRITE, inner::newAppend);
  }

  @Override
  public Delete newDelete() {
    return require(Privilege.WRITE, inner::newDelete);
  }

  @Override
  public Overwrite newOverwrite() {
    return require(Privilege.WRITE, inner::newOverwrite);
  }

  @Override
  public Upsert newUpsert() {
    return require(Privilege.WRITE, inner::newUpsert);
  }

  @Override
  public AddFiles addFiles() {
    return require(Privilege.WRITE, inner::addFiles);
  }

  @Override
  public TableTransaction newTransaction() {
    // a transaction can also change the schema and properties
    guard.require(principal, inner.name(), Privilege.WRITE);
    return require(Privilege.ADMIN, inner::newTransaction);
  }

  @Override
  public PropertiesUpdate updateProperties() {
    return require(Privilege.ADMIN, inner::updateProperties);
  }

  @Override
  public Scan newScan() {
    requireRead();
    return new SecureScan(this, inner.newScan(), null, null, true);
  }

  @Override
  public Map<String, SnapshotRef> refs() {
    return inner.refs();
  }

  @Override
  public Optional<Snapshot> snapshot(String ref) {
    return inner.snapshot(ref);
  }

  @Override
  public SchemaUpdate updateSchema() {
    return require(Privilege.ADMIN, inner::updateSchema);
  }

  @Override
  public io.floe.quality.TableConstraints constraints() {
    requireRead();
    return inner.constraints();
  }

  @Override
  public io.floe.quality.ConstraintsUpdate updateConstraints() {
    // the rules are part of the table's definition, like its schema
    return require(Privilege.ADMIN, inner::updateConstraints);
  }

  @Override
  public PartitionSpecUpdate updateSpec() {
    return require(Privilege.ADMIN, inner::updateSpec);
  }

  @Override
  public SortOrderUpdate replaceSortOrder() {
    return require(Privilege.ADMIN, inner::replaceSortOrder);
  }

  @Override
  public ManageSnapshots manageSnapshots() {
    return require(Privilege.ADMIN, inner::manageSnapshots);
  }

  @Override
  public IncrementalScan newIncrementalScan() {
    requireRead();
    return new SecureRangeScans.Incremental(this, inner.newIncrementalScan(), null, null);
  }

  @Override
  public ChangelogScan newChangelogScan() {
    requireRead();
    return new SecureRangeScans.Changelog(this, inner.newChangelogScan(), null, null);
  }

  /**
   * Metadata tables without column values (snapshots, history, refs, metadata log) need the read
   * grant; those that expose column bounds, partition values or row counts per file (files,
   * manifests, partitions, entries...) need unrestricted read: no denied or masked column and no
   * row filter for this principal. The simplest rule that cannot leak a denied value.
   */
  @Override
  public Scan metadataTable(MetadataTableType type) {
    Access access = requireRead();
    boolean valueFree =
        switch (type) {
          case SNAPSHOTS, HISTORY, REFS, METADATA_LOG_ENTRIES -> true;
          default -> false;
        };
    if (!valueFree && !access.unrestricted()) {
      throw guard.deny(
          principal,
          "metadata",
          inner.name(),
          null,
          "may not read metadata table "
              + type.name().toLowerCase(java.util.Locale.ROOT)
              + " of table "
              + inner.name()
              + ": it exposes column statistics, partition values or row counts, and the"
              + " principal's access to the table is restricted (denied or masked columns, row"
              + " filters)");
    }
    return inner.metadataTable(type);
  }

  @Override
  public Maintenance maintenance() {
    return require(Privilege.MAINTAIN, inner::maintenance);
  }

  @Override
  public TableHealth health() {
    return require(Privilege.MAINTAIN, inner::health);
  }

  @Override
  public String toString() {
    return inner + " as " + principal;
  }
}

package io.floe.impl;

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
import io.floe.Scan;
import io.floe.SchemaUpdate;
import io.floe.SortOrderUpdate;
import io.floe.TableHealth;
import io.floe.Upsert;
import io.floe.impl.evolve.ChangelogScanImpl;
import io.floe.impl.evolve.IncrementalScanImpl;
import io.floe.impl.evolve.ManageSnapshotsImpl;
import io.floe.impl.evolve.MetadataScanImpl;
import io.floe.impl.evolve.PartitionSpecUpdateImpl;
import io.floe.impl.evolve.SchemaUpdateImpl;
import io.floe.impl.evolve.SortOrderUpdateImpl;
import io.floe.impl.maintain.MaintenanceImpl;
import io.floe.impl.read.ScanImpl;
import io.floe.impl.spi.Errors;
import io.floe.impl.write.AppendImpl;
import io.floe.impl.write.DeleteImpl;
import io.floe.impl.write.OverwriteImpl;
import io.floe.impl.write.UpsertImpl;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.Table;

/** {@link FloeTable} over an Iceberg {@link Table}. */
final class FloeTableImpl implements FloeTable {
  private final FloeImpl floe;
  private final String name;
  private final Table table;

  FloeTableImpl(FloeImpl floe, String name, Table table) {
    this.floe = floe;
    this.name = name;
    this.table = table;
  }

  /**
   * The Iceberg table behind this one.
   *
   * @return the Iceberg table
   */
  public Table iceberg() {
    return table;
  }

  /**
   * The Floe this table was loaded from.
   *
   * @return the Floe
   */
  public FloeImpl floe() {
    return floe;
  }

  /**
   * Where quarantined rows of writes to this table go.
   *
   * @return the quarantine
   */
  io.floe.impl.quality.Quarantine quarantine() {
    return new io.floe.impl.quality.Quarantine(
        floe.catalog(), floe.identifier(name), name, floe::guard);
  }

  @Override
  public io.floe.quality.TableConstraints constraints() {
    return io.floe.impl.quality.ConstraintsUpdateImpl.current(name, table);
  }

  @Override
  public io.floe.quality.ConstraintsUpdate updateConstraints() {
    return new io.floe.impl.quality.ConstraintsUpdateImpl(name, table);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Schema schema() {
    return table.schema();
  }

  @Override
  public PartitionSpec spec() {
    return table.spec();
  }

  @Override
  public SortOrder sortOrder() {
    return table.sortOrder();
  }

  @Override
  public Map<String, String> properties() {
    return Collections.unmodifiableMap(table.properties());
  }

  @Override
  public String location() {
    return table.location();
  }

  @Override
  public Optional<Snapshot> currentSnapshot() {
    return Optional.ofNullable(table.currentSnapshot());
  }

  @Override
  public Optional<Snapshot> snapshot(long snapshotId) {
    return Optional.ofNullable(table.snapshot(snapshotId));
  }

  @Override
  public List<Snapshot> snapshots() {
    List<Snapshot> all = new ArrayList<>();
    table.snapshots().forEach(all::add);
    all.sort((a, b) -> Long.compare(a.sequenceNumber(), b.sequenceNumber()));
    return Collections.unmodifiableList(all);
  }

  @Override
  public FloeTable refresh() {
    Errors.run(name, table::refresh);
    return this;
  }

  @Override
  public CommitState commitState(String commitId) {
    java.util.Objects.requireNonNull(commitId, "commitId");
    return Errors.translate(
        name,
        () -> {
          table.refresh();
          for (Snapshot snapshot : table.snapshots()) {
            if (commitId.equals(snapshot.summary().get(io.floe.impl.write.AppendImpl.COMMIT_ID))) {
              return CommitState.LANDED;
            }
          }
          return CommitState.NOT_FOUND;
        });
  }

  @Override
  public Append newAppend() {
    return new AppendImpl(name, table).withQuarantine(quarantine());
  }

  @Override
  public Delete newDelete() {
    return new DeleteImpl(name, table);
  }

  @Override
  public Overwrite newOverwrite() {
    return new OverwriteImpl(name, table).withQuarantine(quarantine());
  }

  @Override
  public Upsert newUpsert() {
    return new UpsertImpl(name, table).withQuarantine(quarantine());
  }

  @Override
  public io.floe.AddFiles addFiles() {
    return io.floe.impl.write.AddFilesImpl.of(name, table);
  }

  @Override
  public io.floe.TableTransaction newTransaction() {
    return new TableTransactionImpl(name, table);
  }

  @Override
  public Scan newScan() {
    return ScanImpl.of(name, table);
  }

  // Evolution, snapshots, change data and maintenance (issue 6): io.floe.impl.evolve /
  // io.floe.impl.maintain

  @Override
  public Map<String, SnapshotRef> refs() {
    return Collections.unmodifiableMap(table.refs());
  }

  @Override
  public Optional<Snapshot> snapshot(String ref) {
    java.util.Objects.requireNonNull(ref, "ref");
    return Optional.ofNullable(table.refs().containsKey(ref) ? table.snapshot(ref) : null);
  }

  @Override
  public SchemaUpdate updateSchema() {
    return new SchemaUpdateImpl(name, table);
  }

  @Override
  public PartitionSpecUpdate updateSpec() {
    return new PartitionSpecUpdateImpl(name, table);
  }

  @Override
  public io.floe.PropertiesUpdate updateProperties() {
    return new PropertiesUpdateImpl(name, table);
  }

  @Override
  public SortOrderUpdate replaceSortOrder() {
    return new SortOrderUpdateImpl(name, table);
  }

  @Override
  public ManageSnapshots manageSnapshots() {
    return new ManageSnapshotsImpl(name, table);
  }

  @Override
  public IncrementalScan newIncrementalScan() {
    return IncrementalScanImpl.of(name, table);
  }

  @Override
  public ChangelogScan newChangelogScan() {
    return ChangelogScanImpl.of(name, table);
  }

  @Override
  public Scan metadataTable(MetadataTableType type) {
    java.util.Objects.requireNonNull(type, "type");
    return MetadataScanImpl.of(name, table, type);
  }

  @Override
  public Maintenance maintenance() {
    return new MaintenanceImpl(name, table);
  }

  @Override
  public TableHealth health() {
    return MaintenanceImpl.health(name, table);
  }

  @Override
  public String toString() {
    return "FloeTable{" + name + "}";
  }
}

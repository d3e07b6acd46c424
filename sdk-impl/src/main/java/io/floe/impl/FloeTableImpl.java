package io.floe.impl;

import io.floe.Append;
import io.floe.FloeTable;
import io.floe.Scan;
import io.floe.impl.read.ScanImpl;
import io.floe.impl.write.AppendImpl;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.Table;

/** {@link FloeTable} over an Iceberg {@link Table}. */
public final class FloeTableImpl implements FloeTable {
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
  public Append newAppend() {
    return new AppendImpl(name, table);
  }

  @Override
  public Scan newScan() {
    return ScanImpl.of(name, table);
  }

  @Override
  public String toString() {
    return "FloeTable{" + name + "}";
  }
}

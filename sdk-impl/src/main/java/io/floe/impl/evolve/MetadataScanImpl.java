package io.floe.impl.evolve;

import io.floe.MetadataTableType;
import io.floe.Row;
import io.floe.RowStream;
import io.floe.Scan;
import io.floe.impl.read.RefinableScan;
import io.floe.impl.read.ValueRow;
import io.floe.impl.spi.Errors;
import io.floe.impl.spi.ScanPlan;
import java.io.IOException;
import java.util.Objects;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.MetadataTableUtils;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableScan;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.CloseableIterator;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.StructProjection;

/**
 * A {@link Scan} of a metadata table: Iceberg plans it (pruning by the filter where it can), Floe
 * evaluates the filter exactly and converts the rows from Iceberg's internal representation.
 */
public final class MetadataScanImpl extends RefinableScan {
  private static final org.apache.iceberg.metrics.MetricsReporter QUIET =
      new io.floe.impl.catalog.QuietMetricsReporter();

  private final Table metadataTable;

  private MetadataScanImpl(String name, Table metadataTable, Options options) {
    super(name, options);
    this.metadataTable = metadataTable;
  }

  @Override
  protected Scan with(Options refined) {
    return new MetadataScanImpl(name, metadataTable, refined);
  }

  /**
   * The Iceberg metadata table of a given type.
   *
   * @param table the data table
   * @param type the metadata table type
   * @return the metadata table, readable with Iceberg's scans
   */
  public static Table icebergMetadataTable(Table table, MetadataTableType type) {
    Objects.requireNonNull(type, "type");
    return MetadataTableUtils.createMetadataTableInstance(
        table, org.apache.iceberg.MetadataTableType.valueOf(type.name()));
  }

  /**
   * A scan of all rows of a metadata table.
   *
   * @param name the data table's full name
   * @param table the data table
   * @param type the metadata table type
   * @return the scan
   */
  public static MetadataScanImpl of(String name, Table table, MetadataTableType type) {
    return new MetadataScanImpl(
        name + "." + type.name().toLowerCase(java.util.Locale.ROOT),
        icebergMetadataTable(table, type),
        Options.ALL);
  }

  @Override
  public Schema schema() {
    Schema full = metadataTable.schema();
    if (options.columns() == null) {
      return full;
    }
    for (String column : options.columns()) {
      Object field =
          options.caseSensitive() ? full.findField(column) : full.caseInsensitiveFindField(column);
      if (field == null) {
        throw EvolveErrors.noMetadataColumn(
            name, column, full.columns().stream().map(f -> f.name()).toList());
      }
    }
    return options.caseSensitive()
        ? full.select(options.columns())
        : full.caseInsensitiveSelect(options.columns());
  }

  private TableScan icebergScan() {
    // Iceberg's metadata tables report to its LoggingMetricsReporter (2 KB at INFO per scan);
    // Floe's catalogs report to the quiet one, and so do their metadata tables
    TableScan scan =
        metadataTable.newScan().metricsReporter(QUIET).caseSensitive(options.caseSensitive());
    scan = travel(metadataTable, scan);
    if (options.filter() != Expressions.alwaysTrue()) {
      try {
        // Floe's semantics decide the rows (RowFilter); Iceberg only prunes, with the weaker filter
        io.floe.impl.read.RowFilter.of(
            metadataTable.schema().asStruct(), options.filter(), options.caseSensitive());
        scan =
            scan.filter(
                io.floe.impl.read.Filters.pruningOf(
                    options.filter(), metadataTable.schema().asStruct(), options.caseSensitive()));
      } catch (RuntimeException e) {
        throw EvolveErrors.invalidFilter(
            "Invalid filter on ",
            name,
            metadataTable.schema().columns().stream().map(f -> f.name()).toList(),
            e);
      }
    }
    return scan;
  }

  @Override
  public ScanPlan plan() {
    Schema projection = schema();
    TableScan scan = icebergScan();
    return ScanPlan.builder(name, metadataTable)
        .snapshot(scan.snapshot())
        .requested(projection)
        .projected(projection)
        .filter(options.filter())
        .caseSensitive(options.caseSensitive())
        .limit(options.limit())
        .planning(reporter -> scan.planFiles())
        .rows(MetadataRows::of)
        .build();
  }

  @Override
  public RowStream rows() {
    return RowStream.of(plan().rows());
  }

  @Override
  public long count() {
    long n = 0;
    try (CloseableIterable<Row> rows = rows()) {
      for (Row ignored : rows) {
        n++;
      }
    } catch (IOException e) {
      throw Errors.tableIo("read", name, e);
    }
    return n;
  }

  /** The rows of a metadata table's plan: Floe's filter, the projection, the limit. */
  private static final class MetadataRows extends TaskIterator<StructLike, Row> {
    private final Types.StructType type;
    private final io.floe.impl.read.RowFilter evaluator;
    private final StructProjection projector;

    private MetadataRows(ScanPlan plan) {
      super(plan.tableName(), () -> CloseableIterable.withNoopClose(plan.tasks()), plan.limit());
      this.type = plan.projected().asStruct();
      Schema full = plan.tableSchema();
      this.evaluator =
          plan.filter() == Expressions.alwaysTrue()
              ? null
              : io.floe.impl.read.RowFilter.of(
                  full.asStruct(), plan.filter(), plan.caseSensitive());
      this.projector =
          plan.projected().columns().size() == full.columns().size()
                  && plan.projected().sameSchema(full)
              ? null
              : StructProjection.create(full, plan.projected());
    }

    /** The rows of a plan; each iterator reads the plan's tasks once. */
    static CloseableIterable<Row> of(ScanPlan plan) {
      return new CloseableIterable<>() {
        private MetadataRows last;

        @Override
        public CloseableIterator<Row> iterator() {
          last = new MetadataRows(plan);
          return last;
        }

        @Override
        public void close() throws IOException {
          if (last != null) {
            last.close();
          }
        }
      };
    }

    @Override
    CloseableIterable<StructLike> open(FileScanTask task) {
      return task.asDataTask().rows();
    }

    @Override
    Row convert(StructLike row) {
      if (evaluator != null && !evaluator.test(row)) {
        return null;
      }
      return ValueRow.fromInternal(type, projector == null ? row : projector.wrap(row));
    }
  }
}

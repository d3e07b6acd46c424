package io.floe.parquet.internal;

import io.floe.FloeIOException;
import io.floe.ValidationException;
import io.floe.impl.spi.Errors;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.function.Predicate;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.MetadataColumns;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.deletes.PositionDeleteIndex;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.parquet.ParquetBloomRowGroupFilter;
import org.apache.iceberg.parquet.ParquetDictionaryRowGroupFilter;
import org.apache.iceberg.parquet.ParquetMetricsRowGroupFilter;
import org.apache.iceberg.parquet.ParquetSchemaUtil;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.VersionParser;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ColumnPath;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;

/**
 * Reads one file scan task into Arrow batches: prunes row groups (stats, dictionaries, Bloom
 * filters), decodes the filter columns first, applies deletes and the residual filter as a
 * selection, and decodes the remaining columns only for batches with surviving rows.
 */
public final class FileScan implements Closeable {
  /** Batches keeping at most one row in this many are read sparsely. */
  private static final int SPARSE_RATIO = 16;

  private final ReadContext ctx;
  private final String path;
  private final ParquetFile file;
  private final MessageType fileSchema;
  private final VersionParser.ParsedVersion writer;
  private final List<BlockMetaData> rowGroups;
  private final boolean[] selected;

  /** Row groups whose Bloom filters hold the filter's values. */
  private final boolean[] likely;

  private final long[] firstRows;
  private final Column[] columns;
  private final VectorizedFilter residual;
  private final PositionDeleteIndex positionDeletes;
  private final Predicate<StructLike> equalityKeep;

  private final List<ColumnDescriptor> allColumns;

  /** The filter's columns, when prescreening row groups with them can save reading the rest. */
  private final List<ColumnDescriptor> filterColumns;

  private int nextRowGroup;
  private long rowGroupLeft;
  private long position;

  /** The file position of the current batch's first row, for {@code _pos}. */
  private long batchStart;

  private final byte[] pathBytes;
  private final int specId;

  /** Identity partition values by field id, for columns a file does not store. */
  private final java.util.Map<Integer, ?> partitionConstants;

  /** How one top-level column is read from this file. */
  private static final class Column {
    final int index;
    final Types.NestedField field;
    ColumnDescriptor flat;
    ValueKind flatKind;
    long flatScale;
    final List<NestedColumnReader.Leaf> leaves = new ArrayList<>();
    FlatColumnReader flatReader;
    final List<NestedColumnReader> nestedReaders = new ArrayList<>();

    /** The metadata column this is (_file, _pos, _spec_id), or 0 for a table column. */
    int metadata;

    /**
     * Whether every row holds {@link #constant} (an identity partition value missing from the
     * file).
     */
    boolean hasConstant;

    Object constant;

    /** How a shredded variant column is reassembled; null for other columns. */
    VariantDecoding variant;

    /** The vector a shredded variant column's file group is decoded into, before assembly. */
    org.apache.arrow.vector.complex.StructVector raw;

    Column(int index, Types.NestedField field) {
      this.index = index;
      this.field = field;
    }

    boolean missing() {
      return flat == null && leaves.isEmpty();
    }
  }

  /**
   * Opens a task's file and plans its row groups and columns.
   *
   * @param task the task
   * @param ctx the scan's context
   * @throws FloeIOException when the file cannot be read
   * @throws ValidationException when a column cannot be read as the table's type
   */
  public FileScan(FileScanTask task, ReadContext ctx) {
    this.ctx = ctx;
    this.path = task.file().location();
    this.pathBytes = path.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    this.specId = task.file().specId();
    StructLike partition = task.file().partition();
    this.partitionConstants =
        partition == null || partition.size() == 0
            ? java.util.Map.of()
            : org.apache.iceberg.util.PartitionUtil.constantsMap(task);
    ScanCounters counters = ctx.counters;
    counters.dataFiles.increment();
    ParquetFile opened = null;
    try {
      ParquetReadOptions options = ReadOptions.create(new PageCodecs());
      opened =
          new ParquetFile(
              new CountingInputFile(ctx.io.newInputFile(task.file()), counters.bytesRead),
              path,
              task.file().fileSizeInBytes(),
              ctx.cache,
              options);
      this.file = opened;
      ParquetMetadata footer = file.footer();
      MessageType written = footer.getFileMetaData().getSchema();
      if (ParquetSchemaUtil.hasIds(written)) {
        this.fileSchema = written;
      } else if (ctx.nameMapping != null) {
        // files written outside Iceberg (imports, Delta migrations): ids from the table's name
        // mapping
        this.fileSchema = ParquetSchemaUtil.applyNameMapping(written, ctx.nameMapping);
      } else {
        this.fileSchema = ParquetSchemaUtil.addFallbackIds(written);
      }
      this.writer = parseVersion(footer.getFileMetaData().getCreatedBy());

      // a read of records applies no delete (its caller does) and filters no row
      boolean records = ctx.rowGroupFilter != null;
      if (!records && !task.deletes().isEmpty()) {
        counters.filesWithDeletes.increment();
        ArrowDeleteFilter deletes = new ArrowDeleteFilter(ctx.plan, task, ctx.readSchema);
        if (deletes.requiredSchema().columns().size() != ctx.readSchema.columns().size()) {
          throw ReadErrors.deletesOutsideProjection(ctx.table, path);
        }
        this.positionDeletes = deletes.hasPosDeletes() ? deletes.deletedRowPositions() : null;
        this.equalityKeep = deletes.hasEqDeletes() ? deletes.eqDeletedRowFilter() : null;
      } else {
        this.positionDeletes = null;
        this.equalityKeep = null;
      }

      Expression filter = records ? ctx.rowGroupFilter : task.residual();
      boolean filtering = filter != null && filter.op() != Expression.Operation.TRUE;
      boolean filterRows = filtering && !records;
      this.residual =
          filterRows
              ? VectorizedFilter.compile(
                  ctx.plan, ctx.plan.normalize(filter, ctx.readSchema), ctx.readSchema)
              : null;
      this.rowGroups = footer.getBlocks();
      this.selected = new boolean[rowGroups.size()];
      this.likely = new boolean[rowGroups.size()];
      boolean[] inSplit = new boolean[rowGroups.size()];
      for (int i : file.rowGroupsOf(task.start(), task.length())) {
        inSplit[i] = true;
      }
      List<Types.NestedField> fields = ctx.readSchema.columns();
      this.columns = new Column[fields.size()];
      List<ColumnDescriptor> requested = new ArrayList<>();
      for (int i = 0; i < fields.size(); i++) {
        columns[i] = plan(i, fields.get(i), requested);
      }
      this.allColumns = requested;
      // the chunks the filter reads, when all are flat columns present in the file: row groups
      // whose chunks have no dictionary-only page or no Bloom filter skip those filters unread
      List<ColumnPath> filterPaths = filterRows ? flatPaths(residual.columns()) : null;
      // Iceberg's row-group filters prune with weaker filters that never drop a row Floe's
      // semantics keep (uuid order, zeros); statistics get the weakest. A read of records prunes
      // with its filter as given, as Iceberg's generic reader does.
      Expression normalized = filterRows ? ctx.plan.normalize(filter, ctx.readSchema) : null;
      Expression byStats =
          filterRows ? ctx.plan.pruning(normalized, ctx.readSchema, false) : filter;
      Expression byValues =
          filterRows ? ctx.plan.pruning(normalized, ctx.readSchema, true) : filter;
      BloomProbe probe = filterRows ? bloomProbe(byValues) : null;
      this.firstRows = new long[rowGroups.size()];
      ParquetMetricsRowGroupFilter stats =
          filtering
              ? new ParquetMetricsRowGroupFilter(ctx.readSchema, byStats, ctx.caseSensitive)
              : null;
      ParquetDictionaryRowGroupFilter dict =
          filtering
              ? new ParquetDictionaryRowGroupFilter(ctx.readSchema, byValues, ctx.caseSensitive)
              : null;
      ParquetBloomRowGroupFilter bloom =
          filtering
              ? new ParquetBloomRowGroupFilter(ctx.readSchema, byValues, ctx.caseSensitive)
              : null;
      // predicates on shredded variant fields: the typed columns' statistics (Iceberg's filters
      // above do not read variant paths)
      VariantPruning variants =
          filterRows
              ? VariantPruning.compile(
                  org.apache.iceberg.expressions.Binder.bind(
                      ctx.readSchema.asStruct(), normalized, ctx.caseSensitive),
                  fileSchema)
              : null;
      long running = 0;
      for (int i = 0; i < rowGroups.size(); i++) {
        BlockMetaData block = rowGroups.get(i);
        long offset = block.getRowIndexOffset();
        firstRows[i] = offset >= 0 ? offset : running;
        running = firstRows[i] + block.getRowCount();
        if (!inSplit[i]) {
          continue;
        }
        counters.rowGroups.increment();
        boolean read = block.getRowCount() > 0;
        if (read && filtering) {
          if (!stats.shouldRead(fileSchema, block)
              || (variants != null && !variants.mightMatch(block))) {
            counters.rowGroupsPrunedByStats.increment();
            read = false;
          } else if (mayHaveDictionaries(block, filterPaths)
              && !dict.shouldRead(fileSchema, block, file.dictionaries(block))) {
            counters.rowGroupsPrunedByDictionary.increment();
            read = false;
          } else if (mayHaveBloomFilters(block, filterPaths)) {
            int said =
                probe != null
                    ? probe.probe(block, file.bloomFilters(block))
                    : bloom.shouldRead(fileSchema, block, file.bloomFilters(block))
                        ? BloomProbe.UNKNOWN
                        : BloomProbe.ABSENT;
            if (said == BloomProbe.ABSENT) {
              counters.rowGroupsPrunedByBloom.increment();
              read = false;
            }
            // the filter's values are in the row group's Bloom filters: screening its filter
            // columns first would decode them twice for nearly nothing (false positives are rare)
            likely[i] = said == BloomProbe.LIKELY;
          }
        }
        selected[i] = read;
      }

      if (residual != null) {
        List<ColumnDescriptor> filterOnly = new ArrayList<>();
        BitSet filterColumns = residual.columns();
        boolean others = false;
        boolean variantFilter = false;
        for (Column column : columns) {
          List<ColumnDescriptor> descs = descriptors(column);
          if (filterColumns.get(column.index)) {
            filterOnly.addAll(descs);
            variantFilter |= column.field.type().typeId() == Type.TypeID.VARIANT;
          } else if (!descs.isEmpty()) {
            others = true;
          }
        }
        // a variant filter column is the costly one to decode: screening with it first would
        // decode it twice in the row groups that match
        this.filterColumns = others && !filterOnly.isEmpty() && !variantFilter ? filterOnly : null;
      } else {
        this.filterColumns = null;
      }
    } catch (RuntimeException e) {
      closeQuietly(opened);
      throw translate(e);
    }
  }

  /** The fast Bloom filter check of the residual, or null when it does not cover the filter. */
  private BloomProbe bloomProbe(Expression filter) {
    java.util.Map<Integer, ColumnPath> paths = new java.util.HashMap<>();
    java.util.Map<Integer, org.apache.parquet.schema.PrimitiveType> types =
        new java.util.HashMap<>();
    for (Column column : columns) {
      if (column.flat != null) {
        paths.put(column.field.fieldId(), ColumnPath.get(column.flat.getPath()));
        types.put(column.field.fieldId(), column.flat.getPrimitiveType());
      }
    }
    try {
      Expression bound =
          org.apache.iceberg.expressions.Binder.bind(
              ctx.readSchema.asStruct(), filter, ctx.caseSensitive);
      return BloomProbe.compile(bound, paths, types);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * The file paths of the filter's columns, or null when one is nested, missing or a metadata
   * column.
   */
  private List<ColumnPath> flatPaths(BitSet filterColumns) {
    List<ColumnPath> paths = new ArrayList<>();
    for (int c = filterColumns.nextSetBit(0); c >= 0; c = filterColumns.nextSetBit(c + 1)) {
      if (columns[c].flat == null) {
        return null;
      }
      paths.add(ColumnPath.get(columns[c].flat.getPath()));
    }
    return paths;
  }

  private static ColumnChunkMetaData chunk(BlockMetaData block, ColumnPath path) {
    for (ColumnChunkMetaData chunk : block.getColumns()) {
      if (chunk.getPath().equals(path)) {
        return chunk;
      }
    }
    return null;
  }

  /**
   * False only when no filter column's chunk is entirely dictionary-encoded (nothing to prune by).
   */
  private static boolean mayHaveDictionaries(BlockMetaData block, List<ColumnPath> filterPaths) {
    if (filterPaths == null) {
      return true;
    }
    for (ColumnPath path : filterPaths) {
      ColumnChunkMetaData chunk = chunk(block, path);
      if (chunk == null
          || chunk.getEncodingStats() == null
          || (chunk.hasDictionaryPage()
              && !chunk.getEncodingStats().hasNonDictionaryEncodedPages())) {
        return true;
      }
    }
    return false;
  }

  /** False only when no filter column's chunk has a Bloom filter. */
  private static boolean mayHaveBloomFilters(BlockMetaData block, List<ColumnPath> filterPaths) {
    if (filterPaths == null) {
      return true;
    }
    for (ColumnPath path : filterPaths) {
      ColumnChunkMetaData chunk = chunk(block, path);
      if (chunk == null || chunk.getBloomFilterOffset() >= 0) {
        return true;
      }
    }
    return false;
  }

  private static VersionParser.ParsedVersion parseVersion(String createdBy) {
    try {
      return createdBy == null ? null : VersionParser.parse(createdBy);
    } catch (Exception e) {
      return null;
    }
  }

  private static org.apache.parquet.schema.Type childById(GroupType group, int id) {
    for (org.apache.parquet.schema.Type t : group.getFields()) {
      if (t.getId() != null && t.getId().intValue() == id) {
        return t;
      }
    }
    return null;
  }

  private Column plan(int index, Types.NestedField field, List<ColumnDescriptor> requested) {
    Column column = new Column(index, field);
    if (ReadContext.SUPPORTED_METADATA.contains(field.fieldId())) {
      column.metadata = field.fieldId();
      return column;
    }
    org.apache.parquet.schema.Type pt = childById(fileSchema, field.fieldId());
    if (pt == null) {
      if (field.type().isPrimitiveType() && partitionConstants.containsKey(field.fieldId())) {
        // an identity partition column that the file does not store (Hive-style imports, Delta)
        column.constant = partitionConstants.get(field.fieldId());
        column.hasConstant = true;
        return column;
      }
      if (field.initialDefault() != null) {
        throw ReadErrors.defaultNotFilled(ctx.table, field.name(), path);
      }
      return column;
    }
    try {
      if (field.type().typeId() == Type.TypeID.VARIANT) {
        // the file's variant group as a struct: unshredded, struct<metadata, value> decodes
        // straight into the output vector; shredded, into a vector of its own for assembly
        VariantDecoding decoding = new VariantDecoding(pt);
        column.variant = decoding.root != null ? decoding : null;
        int def = pt.isRepetition(org.apache.parquet.schema.Type.Repetition.OPTIONAL) ? 1 : 0;
        List<NestedColumnReader.Level> levels = new ArrayList<>();
        levels.add(
            new NestedColumnReader.Level(
                NestedColumnReader.LevelKind.STRUCT, new int[0], 0, 0, def));
        List<String> names = new ArrayList<>();
        names.add(pt.getName());
        descend(
            column, decoding.type, decoding.group, levels, new int[0], def, 0, names, requested);
      } else if (field.type().isPrimitiveType()) {
        if (!pt.isPrimitive()
            || pt.isRepetition(org.apache.parquet.schema.Type.Repetition.REPEATED)) {
          throw new ValueKind.MismatchException(
              "Parquet type " + pt + " cannot be read as " + field.type());
        }
        column.flat = fileSchema.getColumnDescription(new String[] {pt.getName()});
        column.flatKind = ValueKind.of(pt.asPrimitiveType(), field.type());
        column.flatScale = ValueKind.scale(pt.asPrimitiveType(), field.type());
        requested.add(column.flat);
      } else {
        int def = pt.isRepetition(org.apache.parquet.schema.Type.Repetition.OPTIONAL) ? 1 : 0;
        NestedColumnReader.Level top =
            new NestedColumnReader.Level(levelKind(field.type()), new int[0], 0, 0, def);
        List<NestedColumnReader.Level> levels = new ArrayList<>();
        levels.add(top);
        List<String> names = new ArrayList<>();
        names.add(pt.getName());
        descend(column, field.type(), pt, levels, new int[0], def, 0, names, requested);
      }
    } catch (ValueKind.MismatchException e) {
      throw ReadErrors.columnMismatch(ctx.table, field.name(), path, e);
    }
    return column;
  }

  private static NestedColumnReader.LevelKind levelKind(Type type) {
    switch (type.typeId()) {
      case STRUCT:
        return NestedColumnReader.LevelKind.STRUCT;
      case LIST:
      case MAP:
        return NestedColumnReader.LevelKind.LIST;
      default:
        return NestedColumnReader.LevelKind.LEAF;
    }
  }

  private static int[] append(int[] path, int... more) {
    int[] r = Arrays.copyOf(path, path.length + more.length);
    System.arraycopy(more, 0, r, path.length, more.length);
    return r;
  }

  private static <T> List<T> plus(List<T> list, T item) {
    List<T> r = new ArrayList<>(list);
    r.add(item);
    return r;
  }

  private void descend(
      Column column,
      Type type,
      org.apache.parquet.schema.Type pt,
      List<NestedColumnReader.Level> levels,
      int[] vpath,
      int def,
      int rep,
      List<String> names,
      List<ColumnDescriptor> requested) {
    NestedColumnReader.Level current = levels.get(levels.size() - 1);
    switch (type.typeId()) {
      case STRUCT:
        {
          GroupType group = pt.asGroupType();
          List<Types.NestedField> fields = type.asStructType().fields();
          boolean anyChild = false;
          for (int c = 0; c < fields.size(); c++) {
            Types.NestedField f = fields.get(c);
            org.apache.parquet.schema.Type child = childById(group, f.fieldId());
            if (child == null) {
              continue;
            }
            anyChild = true;
            int childDef =
                def
                    + (child.isRepetition(org.apache.parquet.schema.Type.Repetition.OPTIONAL)
                        ? 1
                        : 0);
            int[] childPath = append(vpath, c);
            NestedColumnReader.Level level =
                new NestedColumnReader.Level(
                    levelKind(f.type()), childPath, current.slotRep, current.slotDef, childDef);
            descend(
                column,
                f.type(),
                child,
                plus(levels, level),
                childPath,
                childDef,
                rep,
                plus(names, child.getName()),
                requested);
          }
          if (!anyChild) {
            presenceLeaf(column, group, levels, vpath, names, requested);
          }
          return;
        }
      case LIST:
        {
          GroupType group = pt.asGroupType();
          org.apache.parquet.schema.Type repeated = group.getType(0);
          int rdef = def + 1;
          int rrep = rep + 1;
          org.apache.parquet.schema.Type element;
          List<String> elementNames;
          if (repeated.isPrimitive() || repeated.asGroupType().getFieldCount() != 1) {
            element = repeated;
            elementNames = plus(names, repeated.getName());
          } else {
            element = repeated.asGroupType().getType(0);
            elementNames = plus(plus(names, repeated.getName()), element.getName());
          }
          Types.ListType list = type.asListType();
          int edef =
              element == repeated
                  ? rdef
                  : rdef
                      + (element.isRepetition(org.apache.parquet.schema.Type.Repetition.OPTIONAL)
                          ? 1
                          : 0);
          int[] childPath = append(vpath, 0);
          NestedColumnReader.Level level =
              new NestedColumnReader.Level(
                  levelKind(list.elementType()), childPath, rrep, rdef, edef);
          descend(
              column,
              list.elementType(),
              element,
              plus(levels, level),
              childPath,
              edef,
              rrep,
              elementNames,
              requested);
          return;
        }
      case MAP:
        {
          GroupType keyValue = pt.asGroupType().getType(0).asGroupType();
          int rdef = def + 1;
          int rrep = rep + 1;
          Types.MapType map = type.asMapType();
          int[] entriesPath = append(vpath, 0);
          NestedColumnReader.Level entries =
              new NestedColumnReader.Level(
                  NestedColumnReader.LevelKind.ENTRIES, entriesPath, rrep, rdef, rdef);
          List<NestedColumnReader.Level> withEntries = plus(levels, entries);
          List<String> kvNames = plus(names, keyValue.getName());
          org.apache.parquet.schema.Type key = keyValue.getType(0);
          int[] keyPath = append(entriesPath, 0);
          NestedColumnReader.Level keyLevel =
              new NestedColumnReader.Level(levelKind(map.keyType()), keyPath, rrep, rdef, rdef);
          descend(
              column,
              map.keyType(),
              key,
              plus(withEntries, keyLevel),
              keyPath,
              rdef,
              rrep,
              plus(kvNames, key.getName()),
              requested);
          if (keyValue.getFieldCount() > 1) {
            org.apache.parquet.schema.Type value = keyValue.getType(1);
            int vdef =
                rdef
                    + (value.isRepetition(org.apache.parquet.schema.Type.Repetition.OPTIONAL)
                        ? 1
                        : 0);
            int[] valuePath = append(entriesPath, 1);
            NestedColumnReader.Level valueLevel =
                new NestedColumnReader.Level(
                    levelKind(map.valueType()), valuePath, rrep, rdef, vdef);
            descend(
                column,
                map.valueType(),
                value,
                plus(withEntries, valueLevel),
                valuePath,
                vdef,
                rrep,
                plus(kvNames, value.getName()),
                requested);
          }
          return;
        }
      default:
        {
          if (!pt.isPrimitive()) {
            throw new ValueKind.MismatchException(
                "Parquet type " + pt + " cannot be read as " + type);
          }
          ColumnDescriptor desc = fileSchema.getColumnDescription(names.toArray(new String[0]));
          NestedColumnReader.Leaf leaf =
              new NestedColumnReader.Leaf(
                  column.index,
                  desc,
                  levels,
                  ValueKind.of(pt.asPrimitiveType(), type),
                  ValueKind.scale(pt.asPrimitiveType(), type));
          column.leaves.add(leaf);
          requested.add(desc);
        }
    }
  }

  /**
   * A struct none of whose requested fields the file has (all added later): one of the file's
   * leaves under it is read for its definition levels only, so the struct is null exactly where the
   * file's struct is null and otherwise a struct of nulls. Without it, every such struct would read
   * as null. The leaf is the first one reachable without a repeated group; a struct holding only
   * lists and maps stays null where the file cannot say otherwise.
   */
  private void presenceLeaf(
      Column column,
      GroupType group,
      List<NestedColumnReader.Level> levels,
      int[] vpath,
      List<String> names,
      List<ColumnDescriptor> requested) {
    List<String> path = new ArrayList<>(names);
    org.apache.parquet.schema.Type node = group;
    while (!node.isPrimitive()) {
      GroupType g = node.asGroupType();
      if (g.getFieldCount() == 0 || g.getLogicalTypeAnnotation() != null) {
        return; // lists, maps and empty groups: no single value per row
      }
      org.apache.parquet.schema.Type first = g.getType(0);
      if (first.isRepetition(org.apache.parquet.schema.Type.Repetition.REPEATED)) {
        return;
      }
      path.add(first.getName());
      node = first;
    }
    NestedColumnReader.Level current = levels.get(levels.size() - 1);
    // a level that is never present: its values are skipped, only the struct above gets slots
    NestedColumnReader.Level none =
        new NestedColumnReader.Level(
            NestedColumnReader.LevelKind.LEAF,
            vpath,
            current.slotRep,
            current.slotDef,
            Integer.MAX_VALUE);
    ColumnDescriptor desc = fileSchema.getColumnDescription(path.toArray(new String[0]));
    column.leaves.add(new NestedColumnReader.Leaf(column.index, desc, plus(levels, none), null, 1));
    requested.add(desc);
  }

  private static List<ColumnDescriptor> descriptors(Column column) {
    List<ColumnDescriptor> descs = new ArrayList<>();
    if (column.flat != null) {
      descs.add(column.flat);
    }
    for (NestedColumnReader.Leaf leaf : column.leaves) {
      descs.add(leaf.desc);
    }
    return descs;
  }

  private void openReaders(PageReadStore store, boolean filterOnly) {
    for (Column column : columns) {
      column.flatReader = null;
      column.nestedReaders.clear();
      if (filterOnly && !residual.columns().get(column.index)) {
        continue;
      }
      if (column.flat != null) {
        column.flatReader =
            new FlatColumnReader(
                column.flat, store.getPageReader(column.flat), column.flatKind, column.flatScale);
      }
      for (NestedColumnReader.Leaf leaf : column.leaves) {
        column.nestedReaders.add(
            new NestedColumnReader(leaf, store.getPageReader(leaf.desc), writer));
      }
    }
  }

  /**
   * Reads only the filter's columns of a row group until one row matches; false when none does, so
   * the other columns are never read or decompressed (late materialization per row group).
   */
  private boolean anyRowMatches(int rowGroup, Slot slot) throws IOException {
    ParquetFileReader reader = file.reader();
    reader.setRequestedSchema(filterColumns);
    try {
      openReaders(reader.readRowGroup(rowGroup), true);
      long left = rowGroups.get(rowGroup).getRowCount();
      VectorSchemaRoot root = slot.decode;
      boolean[] keep = slot.keep;
      BitSet filterIndexes = residual.columns();
      while (left > 0) {
        int n = (int) Math.min(ctx.batchSize, left);
        left -= n;
        for (int c = filterIndexes.nextSetBit(0); c >= 0; c = filterIndexes.nextSetBit(c + 1)) {
          resetVector(root.getVector(c));
          decode(root, columns[c], n);
        }
        Arrays.fill(keep, 0, n, true);
        residual.apply(root, n, keep);
        if (count(keep, n) > 0) {
          return true;
        }
      }
      return false;
    } finally {
      reader.setRequestedSchema(allColumns);
    }
  }

  private boolean openNextRowGroup(Slot slot) throws IOException {
    while (nextRowGroup < rowGroups.size()) {
      if (ctx.limitReached()) {
        return false;
      }
      int i = nextRowGroup++;
      if (!selected[i]) {
        continue;
      }
      if (filterColumns != null && !likely[i] && !anyRowMatches(i, slot)) {
        ctx.counters.rowGroupsPrunedByFilterColumns.increment();
        ctx.counters.rowsFiltered.add(rowGroups.get(i).getRowCount());
        continue;
      }
      ParquetFileReader reader = file.reader();
      reader.setRequestedSchema(allColumns);
      openReaders(reader.readRowGroup(i), false);
      ctx.counters.rowGroupsRead.increment();
      rowGroupLeft = rowGroups.get(i).getRowCount();
      position = firstRows[i];
      return true;
    }
    return false;
  }

  private void resetVector(FieldVector v) {
    if (v.getValueCapacity() < ctx.batchSize) {
      v.clear();
      v.setInitialCapacity(ctx.batchSize);
      v.allocateNew();
    } else {
      v.reset();
    }
  }

  private void decode(VectorSchemaRoot root, Column column, int n) {
    FieldVector vector = root.getVector(column.index);
    if (column.metadata != 0) {
      fillMetadata(vector, column.metadata, n);
      return;
    }
    if (column.hasConstant) {
      if (column.constant != null) {
        for (int i = 0; i < n; i++) {
          ArrowValues.setConstant(vector, i, column.field.type(), column.constant);
        }
      }
      vector.setValueCount(n);
      return;
    }
    if (column.variant != null) {
      if (column.raw == null) {
        column.raw =
            (org.apache.arrow.vector.complex.StructVector)
                ArrowTypes.convert(
                        new org.apache.iceberg.Schema(
                            Types.NestedField.optional(0, "raw", column.variant.type)))
                    .getFields()
                    .get(0)
                    .createVector(vector.getAllocator());
      }
      resetVector(column.raw);
      for (NestedColumnReader r : column.nestedReaders) {
        r.read(column.raw, n);
      }
      column.raw.setValueCount(n);
      column.variant.assemble(column.raw, (org.apache.arrow.vector.complex.StructVector) vector, n);
      return;
    }
    if (column.flatReader != null) {
      column.flatReader.read(vector, 0, n);
      if (vector instanceof BaseVariableWidthVector) {
        ((BaseVariableWidthVector) vector).setLastSet(n - 1);
      }
    }
    for (NestedColumnReader r : column.nestedReaders) {
      r.read(vector, n);
    }
  }

  /**
   * Fills a metadata column for the current batch: the same file and spec for every row, positions
   * counting up.
   */
  private void fillMetadata(FieldVector vector, int id, int n) {
    if (id == MetadataColumns.ROW_POSITION.fieldId()) {
      BigIntVector positions = (BigIntVector) vector;
      for (int i = 0; i < n; i++) {
        positions.setSafe(i, batchStart + i);
      }
    } else if (id == MetadataColumns.FILE_PATH.fieldId()) {
      VarCharVector files = (VarCharVector) vector;
      for (int i = 0; i < n; i++) {
        files.setSafe(i, pathBytes);
      }
      files.setLastSet(n - 1);
    } else {
      IntVector specs = (IntVector) vector;
      for (int i = 0; i < n; i++) {
        specs.setSafe(i, specId);
      }
    }
    vector.setValueCount(n);
  }

  private static void skip(Column column, int n) {
    if (column.flatReader != null) {
      column.flatReader.skip(n);
    }
    for (NestedColumnReader r : column.nestedReaders) {
      r.skip(n);
    }
  }

  /**
   * Reads the next non-empty batch into a slot.
   *
   * @param slot the slot to fill; its {@code out()} holds the batch afterwards
   * @return false when the task has no more rows
   */
  public boolean next(Slot slot) {
    try {
      return doNext(slot);
    } catch (IOException | RuntimeException e) {
      throw translate(e);
    }
  }

  private boolean doNext(Slot slot) throws IOException {
    ScanCounters counters = ctx.counters;
    VectorSchemaRoot root = slot.decode;
    boolean[] keep = slot.keep;
    while (true) {
      if (rowGroupLeft == 0 && !openNextRowGroup(slot)) {
        return false;
      }
      int n = (int) Math.min(ctx.batchSize, rowGroupLeft);
      long first = position;
      batchStart = first;
      rowGroupLeft -= n;
      position += n;
      for (FieldVector v : root.getFieldVectors()) {
        resetVector(v);
      }
      Arrays.fill(keep, 0, n, true);
      int kept = n;
      if (positionDeletes != null && !positionDeletes.isEmpty()) {
        for (int i = 0; i < n; i++) {
          if (positionDeletes.isDeleted(first + i)) {
            keep[i] = false;
            kept--;
          }
        }
        counters.rowsDeleted.add(n - kept);
      }
      BitSet decoded = new BitSet();
      if (kept > 0 && residual != null) {
        BitSet filterColumns = residual.columns();
        for (int c = filterColumns.nextSetBit(0); c >= 0; c = filterColumns.nextSetBit(c + 1)) {
          decode(root, columns[c], n);
          decoded.set(c);
        }
        int before = kept;
        residual.apply(root, n, keep);
        kept = count(keep, n);
        counters.rowsFiltered.add(before - kept);
      }
      if (kept == 0) {
        for (Column column : columns) {
          if (!decoded.get(column.index)) {
            skip(column, n);
          }
        }
        counters.batchesSkippedBeforeDecode.increment();
        continue;
      }
      // few survivors (a point lookup's hit): read only their values of the other flat columns,
      // skipping the rest of the batch instead of decoding it
      boolean sparse = equalityKeep == null && kept * SPARSE_RATIO <= n;
      BitSet compacted = sparse ? slot.sparse : null;
      if (sparse) {
        compacted.clear();
        int[] rows = slot.rows;
        for (int i = 0, j = 0; i < n; i++) {
          if (keep[i]) {
            rows[j++] = i;
          }
        }
        for (Column column : columns) {
          if (decoded.get(column.index)) {
            continue;
          }
          if (column.flatReader != null) {
            readSparse(root.getVector(column.index), column.flatReader, rows, kept, n);
            compacted.set(column.index);
          } else {
            decode(root, column, n);
          }
        }
      } else {
        for (Column column : columns) {
          if (!decoded.get(column.index)) {
            decode(root, column, n);
          }
        }
      }
      if (sparse) {
        // sparse columns hold only the survivors (filling the other offsets would cost a pass)
        List<FieldVector> vectors = root.getFieldVectors();
        for (int c = 0; c < vectors.size(); c++) {
          vectors.get(c).setValueCount(compacted.get(c) ? kept : n);
        }
      } else {
        root.setRowCount(n);
      }
      counters.rowsDecoded.add(sparse ? kept : n);
      if (equalityKeep != null) {
        ArrowValues.RootRow row =
            new ArrowValues.RootRow(root.getFieldVectors(), ctx.readSchema.asStruct());
        int before = kept;
        for (int i = 0; i < n; i++) {
          if (keep[i] && !equalityKeep.test(row.at(i))) {
            keep[i] = false;
            kept--;
          }
        }
        counters.rowsDeleted.add(before - kept);
      }
      if (kept == 0) {
        continue;
      }
      if (kept == n) {
        slot.view.setRowCount(n);
        slot.out = slot.view;
      } else {
        for (int c = 0; c < ctx.outputColumns.length; c++) {
          FieldVector src = root.getVector(ctx.outputColumns[c]);
          FieldVector dst = slot.compact.getVector(c);
          dst.reset();
          int j = 0;
          if (compacted != null && compacted.get(ctx.outputColumns[c])) {
            // read sparsely: the survivors are already at the front
            for (; j < kept; j++) {
              RowCopier.copy(src, j, dst, j);
            }
          } else {
            for (int i = 0; i < n; i++) {
              if (keep[i]) {
                RowCopier.copy(src, i, dst, j++);
              }
            }
          }
        }
        slot.compact.setRowCount(kept);
        slot.out = slot.compact;
      }
      counters.rowsReturned.add(kept);
      return true;
    }
  }

  /**
   * Reads the values of rows {@code rows[0..kept)} of the next {@code n} rows of a flat column into
   * positions {@code 0..kept)} of {@code vector}, skipping the others.
   */
  private static void readSparse(
      FieldVector vector, FlatColumnReader reader, int[] rows, int kept, int n) {
    int cursor = 0;
    for (int j = 0; j < kept; j++) {
      int row = rows[j];
      if (row > cursor) {
        reader.skip(row - cursor);
      }
      reader.read(vector, j, 1);
      cursor = row + 1;
    }
    if (n > cursor) {
      reader.skip(n - cursor);
    }
    if (vector instanceof BaseVariableWidthVector) {
      ((BaseVariableWidthVector) vector).setLastSet(kept - 1);
    }
  }

  private static int count(boolean[] keep, int n) {
    int c = 0;
    for (int i = 0; i < n; i++) {
      if (keep[i]) {
        c++;
      }
    }
    return c;
  }

  /**
   * Turns a failure into a Floe exception naming the file and the table ({@link
   * Errors#dataFileRead}).
   */
  private RuntimeException translate(Exception e) {
    if (e instanceof ValueKind.MismatchException mismatch) {
      return ReadErrors.valueMismatch(ctx.table, path, mismatch);
    }
    if (e instanceof UnsupportedOperationException unsupported) {
      return ReadErrors.unsupportedInFile(ctx.table, path, unsupported);
    }
    return Errors.dataFileRead(ctx.table, path, false, e);
  }

  private static void closeQuietly(ParquetFile f) {
    if (f != null) {
      try {
        f.close();
      } catch (IOException | RuntimeException ignored) {
        // already failing
      }
    }
  }

  @Override
  public void close() {
    for (Column column : columns) {
      if (column.raw != null) {
        column.raw.close();
        column.raw = null;
      }
    }
    try {
      file.close();
    } catch (IOException e) {
      throw ReadErrors.cannotClose(ctx.table, path, e);
    }
  }
}

package io.floe.cli;

import io.floe.FloeTable;
import io.floe.MetadataTableType;
import io.floe.Row;
import io.floe.RowStream;
import io.floe.TableHealth;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.types.Comparators;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code floe analyze TABLE}: what slows a table's reads down and what to do about it, from its
 * metadata only (manifests and metadata tables; no data file is read). One line per check: small
 * files per partition, delete files, partition skew, how well files are clustered on the sort
 * column (overlap of column ranges), manifests and snapshots; each with the command that fixes it
 * and its estimated gain.
 */
@Command(
    name = "analyze",
    description = {
      "Find what slows reads of a table down, from its metadata only (no data file is read):"
          + " small files, delete files, partition skew, sort-order effectiveness (overlap of"
          + " column ranges between files), manifests, snapshots.",
      "Each finding comes with the command that fixes it and its estimated gain; status is ok"
          + " or warn. Exit code 0 either way."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  floe analyze analytics.events",
      "  floe analyze analytics.events --column user_id --output json"
    })
final class AnalyzeCommand extends FloeCommand {
  /** Above this many files a point lookup opens on average, clustering is called poor. */
  static final double OVERLAP_WARN = 1.5;

  /** Above this ratio of the largest partition's rows to the median's, partitions are skewed. */
  static final double SKEW_WARN = 10.0;

  /** Compaction's default fewest small files worth rewriting in one partition. */
  static final int MIN_INPUT_FILES = 5;

  /** Above this many snapshots, expiring is suggested. */
  static final int SNAPSHOTS_WARN = 100;

  @Parameters(index = "0", paramLabel = "TABLE", description = "The table's full name (ns.table)")
  String name;

  @Option(
      names = "--column",
      paramLabel = "COLUMN",
      description =
          "The column whose clustering to measure (default: the sort order's first column)")
  String column;

  /** One data file's part in the analysis. */
  private record FileFacts(String partition, long bytes, long rows, Object lower, Object upper) {}

  @Override
  protected void run() {
    FloeTable t = table(name);
    TableHealth h = t.health();
    long target =
        Long.parseLong(
            t.properties()
                .getOrDefault(
                    TableProperties.WRITE_TARGET_FILE_SIZE_BYTES,
                    Long.toString(TableProperties.WRITE_TARGET_FILE_SIZE_BYTES_DEFAULT)));
    Types.NestedField clusterColumn = clusterColumn(t);
    List<FileFacts> files = files(t, clusterColumn);

    Tabular out = Tabular.of("check", "status", "finding", "action", "estimate");
    smallFiles(out, files, target);
    deletes(out, h);
    skew(out, files, t.spec().isUnpartitioned());
    overlap(out, files, clusterColumn, t);
    manifests(out, t, h);
    snapshots(out, h);
    print(out);
  }

  private Types.NestedField clusterColumn(FloeTable t) {
    if (column != null) {
      Types.NestedField f = t.schema().findField(column);
      if (f == null || !f.type().isPrimitiveType()) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(),
            "Table "
                + t.name()
                + " has no primitive column '"
                + column
                + "' (--column): see floe schema "
                + t.name());
      }
      return f;
    }
    SortOrder order = t.sortOrder();
    if (order.isSorted() && order.fields().get(0).transform().isIdentity()) {
      return t.schema().findField(order.fields().get(0).sourceId());
    }
    return null;
  }

  private static List<FileFacts> files(FloeTable t, Types.NestedField cluster) {
    boolean partitioned = !t.spec().isUnpartitioned();
    List<String> columns = new ArrayList<>(List.of("file_size_in_bytes", "record_count"));
    if (partitioned) {
      columns.add("partition");
    }
    if (cluster != null) {
      columns.add("lower_bounds");
      columns.add("upper_bounds");
    }
    List<FileFacts> files = new ArrayList<>();
    try (RowStream rows =
        t.metadataTable(MetadataTableType.DATA_FILES)
            .select(columns.toArray(new String[0]))
            .rows()) {
      for (Row row : rows) {
        Object lower = null;
        Object upper = null;
        if (cluster != null) {
          lower = bound(row.get("lower_bounds"), cluster);
          upper = bound(row.get("upper_bounds"), cluster);
        }
        files.add(
            new FileFacts(
                partitioned ? String.valueOf(row.get("partition")) : "",
                row.get("file_size_in_bytes", Long.class),
                row.get("record_count", Long.class),
                lower,
                upper));
      }
    }
    return files;
  }

  private static Object bound(Object bounds, Types.NestedField f) {
    if (bounds instanceof Map<?, ?> map && map.get(f.fieldId()) instanceof ByteBuffer b) {
      return Conversions.fromByteBuffer(f.type(), b.duplicate());
    }
    return null;
  }

  private static Map<String, List<FileFacts>> byPartition(List<FileFacts> files) {
    Map<String, List<FileFacts>> map = new LinkedHashMap<>();
    files.forEach(f -> map.computeIfAbsent(f.partition(), k -> new ArrayList<>()).add(f));
    return map;
  }

  /**
   * Partitions with two or more files under 75% of the target size, and what bin-packing them
   * gives. Compaction leaves partitions with fewer than {@link #MIN_INPUT_FILES} small files alone
   * unless told otherwise, so the command suggested says so when such partitions are counted.
   */
  private void smallFiles(Tabular out, List<FileFacts> files, long target) {
    long threshold = target * 3 / 4;
    long small = 0;
    long smallPartitions = 0;
    int fewest = Integer.MAX_VALUE;
    long before = 0;
    long after = 0;
    for (List<FileFacts> part : byPartition(files).values()) {
      List<FileFacts> smalls = part.stream().filter(f -> f.bytes() < threshold).toList();
      if (smalls.size() < 2) {
        continue;
      }
      small += smalls.size();
      smallPartitions++;
      fewest = Math.min(fewest, smalls.size());
      long bytes = smalls.stream().mapToLong(FileFacts::bytes).sum();
      before += smalls.size();
      after += Math.max(1, (bytes + target - 1) / target);
    }
    if (small == 0) {
      out.add("small_files", "ok", "no partition has two or more small files", "", "");
      return;
    }
    out.add(
        "small_files",
        "warn",
        small
            + " of "
            + files.size()
            + " data files are under "
            + bytes(threshold)
            + " in "
            + smallPartitions
            + " partition(s)",
        "floe compact " + name + (fewest < MIN_INPUT_FILES ? " --min-input-files 2" : ""),
        before + " files -> " + after + " files; full scans open " + (before - after) + " fewer");
  }

  private void deletes(Tabular out, TableHealth h) {
    long deleteFiles = h.positionDeleteFiles() + h.equalityDeleteFiles();
    if (deleteFiles == 0) {
      out.add("deletes", "ok", "no delete files", "", "");
      return;
    }
    double share = h.records() == 0 ? 0 : (double) h.deletedRecords() / h.records();
    String action =
        h.equalityDeleteFiles() > 0 || share > 0.1
            ? "floe compact " + name + " --apply-deletes"
            : "floe rewrite-deletes " + name;
    out.add(
        "deletes",
        "warn",
        deleteFiles
            + " delete file(s) ("
            + h.positionDeleteFiles()
            + " position, "
            + h.equalityDeleteFiles()
            + " equality, "
            + bytes(h.deleteBytes())
            + ") for "
            + h.dataFiles()
            + " data files; "
            + h.deletedRecords()
            + " delete entries = "
            + percent(share)
            + " of rows",
        action,
        action.contains("--apply-deletes")
            ? "reads merge no delete file and skip " + h.deletedRecords() + " deleted rows"
            : "delete files merged to at most one per data file");
  }

  private void skew(Tabular out, List<FileFacts> files, boolean unpartitioned) {
    if (unpartitioned) {
      out.add("partition_skew", "ok", "unpartitioned", "", "");
      return;
    }
    List<Long> rows =
        byPartition(files).values().stream()
            .map(p -> p.stream().mapToLong(FileFacts::rows).sum())
            .sorted()
            .toList();
    if (rows.size() < 2) {
      out.add("partition_skew", "ok", rows.size() + " partition(s) with data", "", "");
      return;
    }
    long max = rows.get(rows.size() - 1);
    long median = rows.get(rows.size() / 2);
    double ratio = (double) max / Math.max(1, median);
    String finding =
        rows.size()
            + " partitions; the largest holds "
            + max
            + " rows, "
            + String.format(Locale.ROOT, "%.1f", ratio)
            + "x the median ("
            + median
            + ")";
    if (ratio <= SKEW_WARN) {
      out.add("partition_skew", "ok", finding, "", "");
      return;
    }
    out.add(
        "partition_skew",
        "warn",
        finding,
        "partition the large values finer (e.g. add bucket(N, col)): floe has no command for it",
        "a filter on one partition reads up to "
            + String.format(Locale.ROOT, "%.0f", ratio)
            + "x less in the largest one");
  }

  /**
   * How many files a point lookup on the column opens, on average over files: the files of the same
   * partition whose [lower, upper] range meets the file's range, itself included. 1.0 is perfect
   * clustering; the number of files per partition is none at all.
   */
  private void overlap(Tabular out, List<FileFacts> files, Types.NestedField f, FloeTable t) {
    if (f == null) {
      out.add(
          "sort_overlap",
          "ok",
          "no sort order (give --column to measure clustering on a column)",
          "",
          "");
      return;
    }
    String columnName = t.schema().findColumnName(f.fieldId());
    @SuppressWarnings("unchecked")
    Comparator<Object> order = (Comparator<Object>) Comparators.forType(f.type().asPrimitiveType());
    long counted = 0;
    long opened = 0;
    long withoutBounds = 0;
    for (List<FileFacts> part : byPartition(files).values()) {
      List<FileFacts> bounded =
          part.stream().filter(x -> x.lower() != null && x.upper() != null).toList();
      withoutBounds += part.size() - bounded.size();
      counted += bounded.size();
      opened +=
          overlappingPairs(
              bounded.stream().map(FileFacts::lower).toList(),
              bounded.stream().map(FileFacts::upper).toList(),
              order);
    }
    if (counted == 0) {
      out.add(
          "sort_overlap",
          "ok",
          "no file has bounds for " + columnName + " (metrics mode none or truncated?)",
          "",
          "");
      return;
    }
    double depth = (double) opened / counted;
    String finding =
        "a point lookup on "
            + columnName
            + " opens "
            + String.format(Locale.ROOT, "%.2f", depth)
            + " files on average"
            + (withoutBounds > 0 ? " (" + withoutBounds + " files without bounds left out)" : "");
    if (depth <= OVERLAP_WARN) {
      out.add("sort_overlap", "ok", finding, "", "");
      return;
    }
    boolean sortedOn =
        t.sortOrder().isSorted() && t.sortOrder().fields().get(0).sourceId() == f.fieldId();
    out.add(
        "sort_overlap",
        "warn",
        finding,
        sortedOn
            ? "floe compact " + name + " --sort --all"
            : "set a sort order on " + columnName + ", then floe compact " + name + " --sort --all",
        "about 1 file per lookup instead of " + String.format(Locale.ROOT, "%.2f", depth));
  }

  /**
   * The ordered pairs (a, b), a = b included, of closed ranges [lower, upper] that overlap: the
   * files a point lookup on a value of a also opens, summed over a. Sorted sweep, O(n log n): a
   * range overlaps each earlier range (by lower bound) except those whose upper bound is below its
   * lower bound.
   *
   * @param lowers the ranges' lower bounds
   * @param uppers their upper bounds, in the same order
   * @param order the values' order
   * @return n plus twice the number of overlapping unordered pairs
   */
  static <T> long overlappingPairs(List<T> lowers, List<T> uppers, Comparator<? super T> order) {
    int n = lowers.size();
    List<T> byLower = new ArrayList<>(lowers);
    byLower.sort(order);
    List<T> byUpper = new ArrayList<>(uppers);
    byUpper.sort(order);
    long pairs = 0;
    for (int k = 0; k < n; k++) {
      T lower = byLower.get(k);
      // ranges ending strictly below this one's start: binary search for the first upper >= lower
      int lo = 0;
      int hi = n;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (order.compare(byUpper.get(mid), lower) < 0) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      pairs += k - lo;
    }
    return n + 2 * pairs;
  }

  private void manifests(Tabular out, FloeTable t, TableHealth h) {
    long manifests = h.manifests();
    long bytes = 0;
    try (RowStream rows = t.metadataTable(MetadataTableType.MANIFESTS).select("length").rows()) {
      for (Row row : rows) {
        bytes += row.get("length", Long.class);
      }
    }
    long targetBytes =
        Long.parseLong(
            t.properties()
                .getOrDefault(
                    TableProperties.MANIFEST_TARGET_SIZE_BYTES,
                    Long.toString(TableProperties.MANIFEST_TARGET_SIZE_BYTES_DEFAULT)));
    long after = Math.max(1, (bytes + targetBytes - 1) / targetBytes);
    String finding = manifests + " manifest(s), " + bytes(bytes);
    if (manifests < 10 || manifests <= 2 * after) {
      out.add("manifests", "ok", finding, "", "");
      return;
    }
    out.add(
        "manifests",
        "warn",
        finding,
        "floe rewrite-manifests " + name,
        manifests
            + " -> about "
            + after
            + " manifests; planning reads "
            + (manifests - after)
            + " fewer files");
  }

  private void snapshots(Tabular out, TableHealth h) {
    String finding = h.snapshots() + " snapshot(s) in the metadata";
    if (h.snapshots() <= SNAPSHOTS_WARN) {
      out.add("snapshots", "ok", finding, "", "");
      return;
    }
    out.add(
        "snapshots",
        "warn",
        finding,
        "floe expire " + name,
        "smaller metadata files; files only old snapshots reference can be removed");
  }

  private static String percent(double share) {
    return String.format(Locale.ROOT, "%.1f%%", share * 100);
  }

  static String bytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = bytes;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}

package io.floe.it;

import io.floe.FloeTable;
import io.floe.impl.spi.Internals;
import java.util.TreeSet;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.SupportsPrefixOperations;

/** A table's file IO, and the files under a warehouse, for the tests that count files. */
final class WarehouseFiles {
  private WarehouseFiles() {}

  /** The file IO the table reads and writes through. */
  static FileIO io(FloeTable table) {
    return Internals.icebergTable(table).io();
  }

  /** Every file under the warehouse, listed with a prefix ending in '/' (by folder). */
  static TreeSet<String> files(FloeTable any, String warehouse) {
    TreeSet<String> out = new TreeSet<>();
    for (FileInfo file : ((SupportsPrefixOperations) io(any)).listPrefix(warehouse + "/")) {
      out.add(file.location());
    }
    return out;
  }
}

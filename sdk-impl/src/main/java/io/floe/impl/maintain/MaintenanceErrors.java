package io.floe.impl.maintain;

import io.floe.CommitConflictException;
import io.floe.FloeException;
import io.floe.UnsupportedFeatureException;
import io.floe.ValidationException;
import io.floe.impl.Names;
import java.time.Duration;
import java.time.Instant;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * The errors of maintenance (orphan removal, purge, compaction) and of the ownership checks that
 * keep one table's maintenance away from another's files, one named factory per condition (see
 * {@link io.floe.impl.spi.Errors} for those shared across areas); each sets the table and file it
 * is about. Stateless.
 */
final class MaintenanceErrors {
  private MaintenanceErrors() {}

  /**
   * The error for deleting files of a table whose {@code gc.enabled} is false.
   *
   * @param table the table
   * @param operation what was refused, such as {@code "remove orphan files of"}
   * @param location the table's location
   * @return the exception to throw
   */
  static ValidationException gcDisabled(String table, String operation, String location) {
    return new ValidationException(
        "Cannot "
            + operation
            + " table "
            + table
            + ": its property "
            + TableProperties.GC_ENABLED
            + " is false, so its files may belong to other tables too (a migrated"
            + " Delta table references the Delta files in place); set "
            + TableProperties.GC_ENABLED
            + "=true only if the table owns every file it references and under "
            + location,
        table,
        null,
        null);
  }

  /**
   * The error for purging a table that has clones recorded.
   *
   * @param table the table
   * @param clone the clone's full name
   * @param property the property that records it
   * @return the exception to throw
   */
  static ValidationException purgeWithClones(String table, String clone, String property) {
    return new ValidationException(
        "Cannot purge table "
            + table
            + ": clone "
            + clone
            + " reads its files (recorded in its property "
            + property
            + "); drop the clone first and remove the property, or drop the table without its"
            + " files with dropTable(...)",
        table,
        null,
        null);
  }

  /**
   * The error for deleting files of a table with a recorded clone that cannot be loaded.
   *
   * @param table the table
   * @param operation what was refused, such as {@code "expire snapshots of"}
   * @param clone the clone's full name as recorded
   * @param property the property that records it
   * @return the exception to throw
   */
  static ValidationException cloneUnavailable(
      String table, String operation, String clone, String property) {
    return new ValidationException(
        "Cannot "
            + operation
            + " table "
            + table
            + ": its clone "
            + clone
            + " (property "
            + property
            + ") cannot be loaded from the catalogs open in this process, so the files it reads"
            + " are unknown and could be deleted; open its catalog in the same Floe process, or,"
            + " if the clone was dropped, remove the property with updateProperties().remove(\""
            + property
            + "\")",
        table,
        null,
        null);
  }

  /**
   * The error for purging a table that references a file outside its location.
   *
   * @param table the table
   * @param file the file outside
   * @param location the table's location
   * @return the exception to throw
   */
  static ValidationException purgeOutsideLocation(String table, String file, String location) {
    return new ValidationException(
        "Cannot purge table "
            + table
            + ": its metadata references "
            + file
            + ", which lies outside the table's location "
            + location
            + " (added with addFiles), and"
            + " a purge would delete it; drop the table with dropTable(...) and delete the table's folder"
            + " yourself",
        table,
        null,
        file,
        null);
  }

  /**
   * The error for removing orphan files under a location that is or holds a warehouse root.
   *
   * @param table the table
   * @param location the table's location
   * @param is whether the location is the root (rather than holding it)
   * @param warehouse the warehouse root
   * @param catalog the catalog's name
   * @return the exception to throw
   */
  static ValidationException orphansHoldWarehouse(
      String table, String location, boolean is, String warehouse, String catalog) {
    return new ValidationException(
        "Cannot remove orphan files of table "
            + table
            + ": its location "
            + location
            + (is ? " is" : " holds")
            + " the warehouse root "
            + warehouse
            + " of catalog "
            + catalog
            + ", whose other tables and catalog files it would delete; move the table to a folder of its own",
        table,
        null,
        null);
  }

  /**
   * The error for removing orphan files under a location that holds a catalog's file.
   *
   * @param table the table
   * @param location the table's location
   * @param file the catalog's file
   * @param catalog the catalog's name
   * @return the exception to throw
   */
  static ValidationException orphansHoldCatalogFile(
      String table, String location, String file, String catalog) {
    return new ValidationException(
        "Cannot remove orphan files of table "
            + table
            + ": its location "
            + location
            + " holds the file "
            + file
            + " of catalog "
            + catalog
            + "; move the table to a folder of its own",
        table,
        null,
        file,
        null);
  }

  /**
   * The error for removing orphan files under a location that holds another table.
   *
   * @param table the table
   * @param location the table's location
   * @param catalog the other table's catalog
   * @param other the other table's identifier
   * @param otherLocation the other table's location
   * @return the exception to throw
   */
  static ValidationException orphansHoldTable(
      String table, String location, String catalog, TableIdentifier other, String otherLocation) {
    return new ValidationException(
        "Cannot remove orphan files of table "
            + table
            + ": its location "
            + location
            + " holds table "
            + catalog
            + "."
            + Names.of(other)
            + " at "
            + otherLocation
            + ", whose files it would delete; give the tables folders that do not nest",
        table,
        null,
        null);
  }

  /**
   * The error for removing orphan files under a location that holds another table's metadata file.
   *
   * @param table the table
   * @param location the table's location
   * @param file the other table's metadata file
   * @return the exception to throw
   */
  static ValidationException orphansHoldMetadata(String table, String location, String file) {
    return new ValidationException(
        "Cannot remove orphan files of table "
            + table
            + ": its location "
            + location
            + " holds "
            + file
            + ", the metadata file of another table, whose files"
            + " it would delete; give the tables folders that do not nest",
        table,
        null,
        file,
        null);
  }

  /**
   * The error for creating a table at a location that is or holds a warehouse root.
   *
   * @param table the table
   * @param location the location asked for
   * @param is whether the location is the root (rather than holding it)
   * @param warehouse the warehouse root
   * @param catalog the catalog's name
   * @return the exception to throw
   */
  static ValidationException createAtWarehouse(
      String table, String location, boolean is, String warehouse, String catalog) {
    return new ValidationException(
        "Cannot create table "
            + table
            + " at "
            + location
            + ": the location"
            + (is ? " is" : " holds")
            + " the warehouse root "
            + warehouse
            + " of catalog "
            + catalog
            + "; give the table a folder of its own",
        table,
        null,
        null);
  }

  /**
   * The error for creating a table at a location that holds a catalog's file.
   *
   * @param table the table
   * @param location the location asked for
   * @param file the catalog's file
   * @param catalog the catalog's name
   * @return the exception to throw
   */
  static ValidationException createOverCatalogFile(
      String table, String location, String file, String catalog) {
    return new ValidationException(
        "Cannot create table "
            + table
            + " at "
            + location
            + ": the location holds"
            + " the file "
            + file
            + " of catalog "
            + catalog
            + "; give the table a folder of its own",
        table,
        null,
        file,
        null);
  }

  /**
   * The error for creating a table at a location that overlaps another table's.
   *
   * @param table the table
   * @param location the location asked for
   * @param catalog the other table's catalog
   * @param other the other table's identifier
   * @param otherLocation the other table's location
   * @return the exception to throw
   */
  static ValidationException createOverlapsTable(
      String table, String location, String catalog, TableIdentifier other, String otherLocation) {
    return new ValidationException(
        "Cannot create table "
            + table
            + " at "
            + location
            + ": it overlaps table "
            + catalog
            + "."
            + Names.of(other)
            + " at "
            + otherLocation
            + " (one folder would hold the"
            + " other, and removing one table's orphan files would delete the other's); choose another name"
            + " or location(...)",
        table,
        null,
        null);
  }

  /**
   * The error for a catalog whose tables cannot be listed to check a location.
   *
   * @param catalog the catalog's name
   * @param e the listing error
   * @return the exception to throw
   */
  static FloeException cannotListTables(String catalog, RuntimeException e) {
    return new FloeException(
        "Cannot list the tables of catalog "
            + catalog
            + " to prove that no other table lives under the location: "
            + e.getMessage(),
        e);
  }

  /**
   * The error for a maintenance task that failed with a checked exception.
   *
   * @param table the table
   * @param cause what the task threw
   * @return the exception to throw
   */
  static FloeException taskFailed(String table, Throwable cause) {
    return new FloeException(
        "Maintenance of table " + table + " failed: " + cause, table, null, null, cause);
  }

  /**
   * The error for orphan removal on a file I/O that cannot list files.
   *
   * @param table the table
   * @param io the file I/O's class name
   * @return the exception to throw
   */
  static UnsupportedFeatureException cannotListFiles(String table, String io) {
    return new UnsupportedFeatureException(
        "Cannot remove orphan files of table "
            + table
            + ": its file I/O "
            + io
            + " cannot list files; use a local, S3 or other listing file I/O",
        table,
        null,
        null,
        null);
  }

  /**
   * The error for a negative minimum orphan age in the table's properties.
   *
   * @param table the table
   * @param property the property's name
   * @param minAge its value
   * @return the exception to throw
   */
  static ValidationException negativeMinAge(String table, String property, long minAge) {
    return new ValidationException(
        "Table " + table + " has a negative " + property + ": " + minAge, table, null, null);
  }

  /**
   * The error for an orphan threshold too recent to be safe.
   *
   * @param table the table
   * @param olderThan the threshold asked for
   * @param minAge the minimum age
   * @param property the property setting the minimum age
   * @return the exception to throw
   */
  static ValidationException thresholdTooRecent(
      String table, Instant olderThan, Duration minAge, String property) {
    return new ValidationException(
        "Cannot remove orphan files of table "
            + table
            + " newer than "
            + olderThan
            + ": the threshold must be at least "
            + minAge
            + " in the past (table property "
            + property
            + "), or files of writes still running would be deleted; use an earlier time, or"
            + " unsafeOlderThan(...) when no write can be running",
        table,
        null,
        null);
  }

  /**
   * The error for sorting by the table's order while compacting a table that has none.
   *
   * @param table the table
   * @return the exception to throw
   */
  static ValidationException noSortOrder(String table) {
    return new ValidationException(
        "Cannot sort table "
            + table
            + " while compacting: it has no sort order; "
            + "set one with replaceSortOrder() or pass one to sort(SortOrder)",
        table,
        null,
        null);
  }

  /**
   * The error for a compaction that kept conflicting with concurrent deletes.
   *
   * @param table the table
   * @param attempts how many times it tried
   * @param e the last conflict
   * @return the exception to throw
   */
  static CommitConflictException compactionConflicts(
      String table, int attempts, RuntimeException e) {
    return new CommitConflictException(
        "Compaction of table "
            + table
            + " conflicted with concurrent deletes "
            + attempts
            + " times; the table is unchanged and the written files were removed, run it again later: "
            + e.getMessage(),
        table,
        null,
        null,
        e);
  }

  /**
   * The error for a position-delete rewrite that kept conflicting with concurrent commits.
   *
   * @param table the table
   * @param attempts how many times it tried
   * @param last the last conflict's message
   * @return the exception to throw
   */
  static CommitConflictException positionDeleteConflicts(String table, int attempts, String last) {
    return new CommitConflictException(
        "Position-delete rewrite of table "
            + table
            + " conflicted with concurrent "
            + "commits "
            + attempts
            + " times ("
            + last
            + "); the table is unchanged and the written files were "
            + "removed, run it again later",
        table,
        null,
        null,
        null);
  }

  /**
   * The error for a backup location inside or holding a warehouse root.
   *
   * @param table the table backed up
   * @param location the backup location
   * @param holds whether the location holds the warehouse (else it lies inside it)
   * @param warehouse the warehouse root
   * @param catalog the catalog's name
   * @return the error
   */
  static ValidationException backupInWarehouse(
      String table, String location, boolean holds, String warehouse, String catalog) {
    return new ValidationException(
        "Cannot back up table "
            + table
            + " to "
            + location
            + ": the location "
            + (holds ? "holds" : "lies in")
            + " the warehouse root "
            + warehouse
            + " of catalog "
            + catalog
            + ", where tables get their folders (a table there would own, and its orphan removal"
            + " delete, the backup's files); choose a folder outside the warehouse",
        table,
        null,
        null);
  }

  /**
   * The error for a backup location that holds a catalog's own file.
   *
   * @param table the table backed up
   * @param location the backup location
   * @param file the catalog's file
   * @param catalog the catalog's name
   * @return the error
   */
  static ValidationException backupOverCatalogFile(
      String table, String location, String file, String catalog) {
    return new ValidationException(
        "Cannot back up table "
            + table
            + " to "
            + location
            + ": the location holds "
            + file
            + ", a file of catalog "
            + catalog
            + "; choose a folder of its own",
        table,
        null,
        null);
  }

  /**
   * The error for a backup location that overlaps a table's folder.
   *
   * @param table the table backed up
   * @param location the backup location
   * @param catalog the other table's catalog
   * @param other the other table
   * @param folder the other table's folder the location overlaps
   * @return the error
   */
  static ValidationException backupOverlapsTable(
      String table, String location, String catalog, TableIdentifier other, String folder) {
    return new ValidationException(
        "Cannot back up table "
            + table
            + " to "
            + location
            + ": it overlaps the folder "
            + folder
            + " of table "
            + catalog
            + "."
            + Names.of(other)
            + " (that table's orphan removal would delete the backup's files, or the backup would"
            + " mix with its files); choose a folder outside every table",
        table,
        null,
        null);
  }
}

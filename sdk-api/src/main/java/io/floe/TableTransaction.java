package io.floe;

import java.util.Map;
import org.apache.iceberg.Schema;

/**
 * Several changes to one table committed atomically: schema and property updates, appends, deletes,
 * overwrites, upserts and added files, published by one catalog commit.
 *
 * <p>Start the operations from the transaction and {@code commit()} each one, in order: each
 * operation's commit only stages its change in the transaction (the next operation sees it: an
 * append after {@link #updateSchema()} writes the new columns), and no reader or other writer sees
 * anything before {@link #commit()}. Each operation's result describes the staged change. When the
 * transaction's commit fails definitely (a concurrent commit conflicted, the catalog refused)
 * nothing lands, the table stays at its last good snapshot, and the files the transaction wrote are
 * deleted; when the catalog's answer was lost ({@link CommitStateUnknownException}) every file is
 * kept. Closing an uncommitted transaction discards it and deletes what it wrote. Commit every
 * operation before the transaction: one committed after it is not part of any commit. Snapshot
 * management and maintenance do not join a transaction. Used by one thread.
 *
 * <pre>{@code
 * try (TableTransaction tx = table.newTransaction()) {
 *   tx.updateSchema().addColumn("region", Types.StringType.get()).commit();
 *   tx.newDelete().where(Expressions.equal("category", "obsolete")).commit();
 *   tx.newAppend().row(Map.of("id", 7L, "category", "books", "region", "eu")).commit();
 *   tx.commit();
 * }
 * }</pre>
 */
public interface TableTransaction extends AutoCloseable {

  /**
   * The schema as this transaction has changed it so far.
   *
   * @return the schema
   */
  Schema schema();

  /**
   * The table's properties as this transaction has changed them so far.
   *
   * @return an unmodifiable map of the properties
   */
  Map<String, String> properties();

  /**
   * Starts an append inside the transaction.
   *
   * @return a new pending append; its commit stages the rows
   */
  Append newAppend();

  /**
   * Starts a delete inside the transaction.
   *
   * @return a new pending delete; its commit stages the removal
   */
  Delete newDelete();

  /**
   * Starts an overwrite inside the transaction.
   *
   * @return a new pending overwrite; its commit stages the replacement
   */
  Overwrite newOverwrite();

  /**
   * Starts an upsert inside the transaction.
   *
   * @return a new pending upsert; its commit stages the change
   */
  Upsert newUpsert();

  /**
   * Starts adding existing Parquet files inside the transaction.
   *
   * @return a new pending add; its commit stages the files
   */
  AddFiles addFiles();

  /**
   * Starts a schema change inside the transaction.
   *
   * @return a new pending schema update; its commit stages the new schema
   */
  SchemaUpdate updateSchema();

  /**
   * Starts a properties update inside the transaction.
   *
   * @return a new pending properties update; its commit stages the properties
   */
  PropertiesUpdate updateProperties();

  /**
   * Commits every staged change in one catalog commit.
   *
   * @return the table's new current snapshot (or -1 when the transaction made none) with its
   *     summary, and the data files, rows and bytes the transaction added
   * @throws CommitConflictException when a concurrent commit conflicted (nothing landed, the
   *     transaction's files were deleted; safe to run the transaction again)
   * @throws CommitStateUnknownException when the catalog's answer was lost (every file kept)
   * @throws ValidationException when a staged change became invalid
   * @throws IllegalStateException when the transaction was already committed or closed
   */
  AppendResult commit();

  /**
   * Discards the transaction unless it was committed: nothing lands and the files it wrote are
   * deleted. Does nothing after {@link #commit()}, whatever its outcome.
   */
  @Override
  void close();
}

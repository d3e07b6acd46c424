/**
 * Continuous sources into Floe tables, each exactly once, and streaming reads out of them.
 *
 * <ul>
 *   <li>{@link io.floe.ingest.FolderSource}: CSV, JSON lines, Parquet and Avro files landing in a
 *       folder (local, or on the table's file IO such as S3), one-shot or watched; each file's
 *       location, size and modification time are recorded in the snapshot summary of the commit
 *       holding its rows and checked at commit time.
 *   <li>{@link io.floe.ingest.JdbcSource}: a JDBC table copied in full, then incrementally by a
 *       monotonic column (watermark in the snapshot summary) or by upserts on a key.
 *   <li>{@link io.floe.ingest.TablePublisher}: a {@link java.util.concurrent.Flow.Publisher} of the
 *       rows appended to a table (or its change records), polled at a configured interval.
 * </ul>
 *
 * <p>See {@code docs/ingestion.md}.
 */
package io.floe.ingest;

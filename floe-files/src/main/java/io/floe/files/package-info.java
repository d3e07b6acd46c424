/**
 * Files in and out of Floe tables: {@link io.floe.files.FileImport} reads CSV, JSON lines, Parquet
 * and Avro files (files, folders, globs) into a table in one commit, with type coercion, a rejects
 * file and progress reports; {@link io.floe.files.FileExport} writes what a scan reads to CSV, JSON
 * lines, Parquet, Avro or Arrow IPC; {@link io.floe.files.SchemaInference} infers a table schema
 * from a sample of records or a file's own schema. The library behind the CLI's {@code import} and
 * {@code export}; see {@code docs/files.md}.
 *
 * <pre>{@code
 * ImportResult in = FileImport.into(floe, "shop.sales").from(Path.of("landing")).createIfMissing().run();
 * ExportResult out = FileExport.from(table.newScan().where("amount > 90")).to(Path.of("big.csv")).run();
 * }</pre>
 */
package io.floe.files;

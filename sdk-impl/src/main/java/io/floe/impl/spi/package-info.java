/**
 * Floe's internal SPI: the one seam between sdk-impl and Floe's other modules (sdk-parquet,
 * sdk-avro, sdk-testkit, floe-delta, and the benchmarks).
 *
 * <p><b>Not public API.</b> Users program against sdk-api ({@code io.floe}) and the public packages
 * of sdk-parquet, sdk-avro and sdk-testkit. These types are public only because Java has no other
 * way to share them between jars; they are versioned with the project (all Floe modules of one
 * release go together) and change without notice or deprecation. Everything else in {@code
 * io.floe.impl} is sdk-impl's implementation: its types are package-private where Java allows, and
 * the public rest may not be used from other modules (an ArchUnit test in sdk-it keeps it so, and
 * checks that the signatures here name no sdk-impl type outside this package). See {@code
 * docs/design/internal-spi.md}.
 *
 * <p>What each type is for:
 *
 * <ul>
 *   <li>{@link io.floe.impl.spi.ScanPlan}: one read's facts (table, snapshot, requested and
 *       returned schemas, filter, case sensitivity, limit, file IO, name mapping, tasks planned
 *       once). Table, metadata-table, incremental and changelog scans produce it; the row reader,
 *       read tasks and the Arrow reader consume it. {@link io.floe.impl.spi.DataFileCache}: the
 *       metadata cache's decoded data-file facts, as readers use them. {@link
 *       io.floe.impl.spi.RowSource}: a faster reader of a plan's data files as rows (sdk-parquet's
 *       Arrow decoder, found with {@code ServiceLoader}), which the row reader asks first, file by
 *       file, before Iceberg's generic reader.
 *   <li>{@link io.floe.impl.spi.Internals}: from a {@code Floe} or {@code FloeTable} to the Iceberg
 *       catalog, table and metadata tables behind it; opening a Floe over a catalog built elsewhere
 *       (the test kit's), or from a configuration with a wrapper below the metadata cache.
 *   <li>{@link io.floe.impl.spi.Errors}: translation of Iceberg, I/O and runtime failures into
 *       Floe's exceptions, naming the table.
 *   <li>{@link io.floe.impl.spi.DataWrites}: the write side (data file locations, Floe's writer
 *       properties, column-mode Parquet files through {@link io.floe.impl.spi.ColumnFiles}, {@link
 *       io.floe.impl.spi.ColumnAppender} and {@link io.floe.impl.spi.ColumnSource}, record writers
 *       ({@link io.floe.impl.spi.RecordWriter}), the commit of files written elsewhere as one Floe
 *       append, and row conversion).
 *   <li>{@link io.floe.impl.spi.Storage}: Floe's own scheme-based file IO, the torn-manifest check,
 *       local paths, and the metadata cache's invalidation for benchmarks.
 *   <li>Extension bases and storage contracts: {@link io.floe.impl.spi.ForwardingCatalog}, {@link
 *       io.floe.impl.spi.ForwardingTableOperations} and {@link io.floe.impl.spi.ForwardingFileIO}
 *       (wrap a catalog, its table operations or a file IO, overriding only what changes); {@link
 *       io.floe.impl.spi.NewFiles} (a file IO reports the files it creates, so that a commit knows
 *       what it wrote) and {@link io.floe.impl.spi.DirectoryListing} (a file IO lists folders by
 *       folder and reports what it skipped).
 *   <li>Variants: {@link io.floe.impl.spi.VariantValues} (Floe's variant values to and from
 *       Iceberg's and the two binaries of the encoding) and {@link io.floe.impl.spi.VariantExtract}
 *       (what a filter's {@code extract(column, path, type)} term is for one variant, and its
 *       path's field names), shared by the row filter and sdk-parquet's decoder and pruning.
 * </ul>
 */
package io.floe.impl.spi;

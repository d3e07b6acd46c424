/**
 * Table profiles: per-column counts and bounds read from Iceberg's manifests without reading data
 * ({@link io.floe.profile.TableProfiler#fromMetadata()}), and distinct counts from Apache
 * DataSketches theta sketches computed over an Arrow scan and stored with the table as Iceberg
 * table statistics in a Puffin file ({@link io.floe.profile.TableProfiler#computeSketches}), where
 * Spark and Trino read them too.
 *
 * <pre>{@code
 * TableProfile profile = TableProfiler.of(table).computeSketches();
 * System.out.println(profile.toJson());
 * }</pre>
 */
package io.floe.profile;

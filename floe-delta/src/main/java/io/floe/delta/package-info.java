/**
 * Delta Lake to Iceberg migration: {@link io.floe.delta.DeltaMigration} reads a Delta table with
 * Delta Kernel and creates an Iceberg table that references its Parquet files in place.
 */
package io.floe.delta;

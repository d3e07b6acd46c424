/**
 * Table maintenance operations, one type per operation with its {@code Result} (as Iceberg's {@code
 * actions} package has them), started from {@link io.floe.Maintenance}: {@link
 * io.floe.maintenance.RewriteDataFiles}, {@link io.floe.maintenance.RewritePositionDeletes}, {@link
 * io.floe.maintenance.RewriteManifests}, {@link io.floe.maintenance.ExpireSnapshots} and {@link
 * io.floe.maintenance.RemoveOrphanFiles}.
 */
package io.floe.maintenance;

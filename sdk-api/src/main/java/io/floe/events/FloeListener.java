package io.floe.events;

/**
 * Receives the events of a {@link io.floe.Floe} handle; every method does nothing by default, so a
 * listener overrides only what it needs.
 *
 * <p>Methods are called synchronously in the thread that scanned, committed or ran the maintenance
 * operation, after it ended: keep them short (hand slow work to a queue). They may be called from
 * several threads at once, so implementations must be thread-safe. An exception thrown by a
 * listener is logged and dropped; it never fails or rolls back the user's operation.
 *
 * <pre>{@code
 * FloeListener slowScans = new FloeListener() {
 *   @Override
 *   public void onScan(ScanEvent scan) {
 *     if (scan.duration().toMillis() > 1000) {
 *       log.warn("slow scan of {}: {}", scan.table(), scan.filter());
 *     }
 *   }
 * };
 * try (Floe floe = Floe.open(FloeConfig.local(warehouse).withListener(slowScans))) { ... }
 * }</pre>
 */
public interface FloeListener {
  /**
   * Called when a row scan was closed.
   *
   * @param event what the scan read
   */
  default void onScan(ScanEvent event) {}

  /**
   * Called when a catalog commit attempt ended: once per attempt that lost to a concurrent commit
   * (outcome {@link Outcome#CONFLICT}; Iceberg may retry it) and once for the attempt that ended
   * the commit.
   *
   * @param event what the commit changed
   */
  default void onCommit(CommitEvent event) {}

  /**
   * Called when a maintenance operation ended.
   *
   * @param event what the operation did
   */
  default void onMaintenance(MaintenanceEvent event) {}

  /**
   * Called when a handle's access policies denied an operation (the caller got an {@link
   * io.floe.AccessDeniedException}).
   *
   * @param event what was denied, to whom
   */
  default void onAccessDenied(AccessDeniedEvent event) {}
}

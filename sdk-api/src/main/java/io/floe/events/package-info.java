/**
 * Events a {@link io.floe.Floe} handle sends to its listeners: a scan completed ({@link
 * io.floe.events.ScanEvent}), a catalog commit ended ({@link io.floe.events.CommitEvent}), a
 * maintenance operation ended ({@link io.floe.events.MaintenanceEvent}). Listeners are registered
 * when the handle is opened ({@link io.floe.FloeConfig.Builder#listener(FloeListener)}); the
 * optional module {@code floe-metrics} turns the events into Micrometer meters and an audit log.
 *
 * <p>A handle without listeners creates no events. A listener that throws never breaks the scan or
 * commit that fired the event: the exception is logged (once per listener at WARN, then at DEBUG)
 * and dropped.
 */
package io.floe.events;

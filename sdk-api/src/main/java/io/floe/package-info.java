/**
 * Floe's public API: {@link io.floe.Floe} opens a catalog, {@link io.floe.FloeTable} reads and
 * changes a table, and the {@link io.floe.FloeException} family reports what went wrong.
 */
package io.floe;

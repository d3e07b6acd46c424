/**
 * Java records generated from table schemas: {@link io.floe.codegen.RecordGenerator} writes a
 * record per table (nested records for structs) whose components carry their Iceberg field ids
 * ({@link io.floe.FieldId}), and compares a regenerated schema with the one an earlier generation
 * recorded ({@link io.floe.codegen.SchemaChange}). The {@code floe codegen} command runs it.
 */
package io.floe.codegen;

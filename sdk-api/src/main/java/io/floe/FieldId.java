package io.floe;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The Iceberg field id of the column a record component (or field, getter or setter) holds. Typed
 * reads ({@code Scan.as(Class)}) and object appends ({@code Append.objects(...)}) match an
 * annotated member to the column with this id first, and by name only when the table has no such
 * id, so a class keeps working after the column is renamed. Typed reads honour it on record
 * components, public setters and public fields; object appends on record components (a POJO is
 * still matched by name). {@code floe codegen} writes it on every component of the records it
 * generates. An annotation is immutable and thread-safe.
 *
 * <pre>{@code
 * public record Event(@FieldId(1) long id, @FieldId(2) String category) {}
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({
  ElementType.RECORD_COMPONENT,
  ElementType.FIELD,
  ElementType.METHOD,
  ElementType.PARAMETER
})
public @interface FieldId {
  /**
   * The field id, as in the table's schema ({@code Types.NestedField.fieldId()}).
   *
   * @return the field id
   */
  int value();
}

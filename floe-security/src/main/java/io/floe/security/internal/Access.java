package io.floe.security.internal;

import io.floe.Principal;
import io.floe.impl.spi.Masking;
import io.floe.security.Mask;
import io.floe.security.Policy;
import io.floe.security.PolicyException;
import io.floe.security.Privilege;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.Schema;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/** What one principal may do with one table under one policy: the rules that match, combined. */
final class Access {
  final String table;
  final Set<Privilege> privileges;
  final Map<String, Policy.ColumnDeny> denied; // column -> rule
  final Map<String, Policy.ColumnMask> masks; // column -> first matching rule
  final List<Policy.RowFilter> filters;
  final String salt;

  private Access(
      String table,
      Set<Privilege> privileges,
      Map<String, Policy.ColumnDeny> denied,
      Map<String, Policy.ColumnMask> masks,
      List<Policy.RowFilter> filters,
      String salt) {
    this.table = table;
    this.privileges = privileges;
    this.denied = denied;
    this.masks = masks;
    this.filters = filters;
    this.salt = salt;
  }

  static Access of(Policy policy, Principal principal, String table) {
    Set<Privilege> privileges = EnumSet.noneOf(Privilege.class);
    Map<String, Policy.ColumnDeny> denied = new LinkedHashMap<>();
    Map<String, Policy.ColumnMask> masks = new LinkedHashMap<>();
    List<Policy.RowFilter> filters = new ArrayList<>();
    if (principal != null) {
      for (Policy.Grant g : policy.grants()) {
        if (matches(g.subject(), principal) && covers(g.target(), table)) {
          privileges.addAll(g.privileges());
        }
      }
      if (privileges.contains(Privilege.ADMIN)) {
        privileges.addAll(EnumSet.allOf(Privilege.class));
      }
      for (Policy.ColumnDeny d : policy.deniedColumns()) {
        if (matches(d.subject(), principal) && d.table().equals(table)) {
          denied.putIfAbsent(d.column(), d);
        }
      }
      for (Policy.ColumnMask m : policy.masks()) {
        if (matches(m.subject(), principal) && m.table().equals(table)) {
          masks.putIfAbsent(m.column(), m);
        }
      }
      for (Policy.RowFilter f : policy.rowFilters()) {
        if (matches(f.subject(), principal) && f.table().equals(table)) {
          filters.add(f);
        }
      }
    }
    return new Access(table, privileges, denied, masks, filters, policy.salt(table).orElse(null));
  }

  static boolean matches(String subject, Principal principal) {
    if (subject.equals("*")) {
      return true;
    }
    if (subject.startsWith("user:")) {
      return subject.substring(5).equals(principal.name());
    }
    return principal.hasRole(subject);
  }

  private static boolean covers(String target, String table) {
    return target.equals(table) || table.startsWith(target + ".");
  }

  boolean has(Privilege p) {
    return privileges.contains(p);
  }

  boolean any() {
    return !privileges.isEmpty();
  }

  /** No column denied or masked and no row filter: the principal reads what the table holds. */
  boolean unrestricted() {
    return denied.isEmpty() && masks.isEmpty() && filters.isEmpty();
  }

  /** The row filters ANDed, or null for none. */
  Expression rowFilter() {
    Expression result = null;
    for (Policy.RowFilter f : filters) {
      result = result == null ? f.filter() : Expressions.and(result, f.filter());
    }
    return result;
  }

  /** The table's top-level columns a rule names, checked against the schema (fail closed). */
  Set<Integer> deniedIds(Schema schema) {
    Set<Integer> ids = new LinkedHashSet<>();
    for (Policy.ColumnDeny d : denied.values()) {
      ids.add(topLevel(schema, d.column(), d.origin()).fieldId());
    }
    return ids;
  }

  Set<Integer> maskedIds(Schema schema) {
    Set<Integer> ids = new LinkedHashSet<>();
    for (Policy.ColumnMask m : masks.values()) {
      ids.add(topLevel(schema, m.column(), m.origin()).fieldId());
    }
    return ids;
  }

  /** The masks as the scan plan carries them, checked against the columns' types. */
  Masking masking(Schema schema, io.floe.Principal principal) {
    List<Masking.Mask> result = new ArrayList<>();
    for (Policy.ColumnMask m : masks.values()) {
      Types.NestedField field = topLevel(schema, m.column(), m.origin());
      Mask mask = m.mask();
      Type.TypeID type = field.type().typeId();
      boolean fits =
          switch (mask.kind()) {
            case NULL -> true;
            case REDACT, KEEP_LAST -> type == Type.TypeID.STRING;
            case HASH ->
                type == Type.TypeID.STRING
                    || type == Type.TypeID.LONG
                    || type == Type.TypeID.INTEGER;
            case TRUNCATE -> type == Type.TypeID.DATE || type == Type.TypeID.TIMESTAMP;
          };
      if (!fits) {
        throw new PolicyException(
            prefix(m.origin())
                + "mask "
                + mask
                + " of column "
                + m.column()
                + " of table "
                + table
                + " does not fit its type "
                + field.type()
                + " (redact and keep-last: strings; hash: strings, ints, longs; truncate: dates,"
                + " timestamps; null: any)",
            table,
            m.column(),
            io.floe.security.internal.Lines.of(m.origin()),
            null);
      }
      result.add(
          new Masking.Mask(
              field.fieldId(),
              Masking.Kind.valueOf(mask.kind().name()),
              mask.keep(),
              mask.unit().orElse(null),
              salt));
    }
    return Masking.of(result, principal.name());
  }

  private Types.NestedField topLevel(Schema schema, String column, String origin) {
    Types.NestedField field = schema.asStruct().field(column);
    if (field == null) {
      throw new PolicyException(
          prefix(origin)
              + "the policy names column "
              + column
              + " of table "
              + table
              + ", which is not a top-level column of it; fix the policy (access is refused until"
              + " it fits the table)",
          table,
          column,
          Lines.of(origin),
          null);
    }
    return field;
  }

  private static String prefix(String origin) {
    return origin.isEmpty() ? "" : origin + ": ";
  }
}

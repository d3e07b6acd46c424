package io.floe.security;

import io.floe.Filter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.iceberg.expressions.Expression;

/**
 * Who may do what with which tables: grants per table and namespace, denied columns, column masks
 * and row filters, each for a subject. A subject is a role (matched against {@link
 * io.floe.Principal#roles()}), {@code user:NAME} for one user, or {@code *} for everyone. Build one
 * with {@link #builder()} or load a YAML file ({@link #load}); protect a handle with it ({@link
 * FloeSecurity}). Immutable and thread-safe.
 *
 * <p>How rules combine for a principal: grants add up ({@link Privilege#ADMIN} implies all); a
 * column denied by any matching rule is denied; a column masked by any matching rule is masked (the
 * first matching mask in rule order wins); all matching row filters must hold (they are ANDed, so a
 * principal never sees more than each of its roles allows).
 *
 * <pre>{@code
 * Policy policy = Policy.builder()
 *     .grant("analyst", "sales", Privilege.READ)
 *     .denyColumns("analyst", "sales.orders", "card_number")
 *     .mask("analyst", "sales.orders", "email", Mask.hash())
 *     .salt("sales.orders", saltFromVault)
 *     .rowFilter("eu", "sales.orders", "region = 'EU'")
 *     .build();
 * }</pre>
 */
public final class Policy {
  /**
   * Privileges on a table or on the tables of a namespace.
   *
   * @param subject the role, {@code user:NAME} or {@code *}
   * @param target the table's or namespace's full name
   * @param privileges what is granted
   * @param origin where the rule comes from ({@code policy.yaml line 4}), empty for the API
   */
  public record Grant(String subject, String target, Set<Privilege> privileges, String origin) {
    /**
     * Copies the privileges.
     *
     * @param subject the subject
     * @param target the target
     * @param privileges the privileges
     * @param origin the origin
     */
    public Grant {
      privileges = Collections.unmodifiableSet(EnumSet.copyOf(privileges));
    }
  }

  /**
   * A column a subject may not read, select or filter on.
   *
   * @param subject the role, {@code user:NAME} or {@code *}
   * @param table the table's full name
   * @param column a top-level column
   * @param origin where the rule comes from, empty for the API
   */
  public record ColumnDeny(String subject, String table, String column, String origin) {}

  /**
   * A column a subject sees masked.
   *
   * @param subject the role, {@code user:NAME} or {@code *}
   * @param table the table's full name
   * @param column a top-level column
   * @param mask the mask
   * @param origin where the rule comes from, empty for the API
   */
  public record ColumnMask(String subject, String table, String column, Mask mask, String origin) {}

  /**
   * The rows a subject may see.
   *
   * @param subject the role, {@code user:NAME} or {@code *}
   * @param table the table's full name
   * @param filter the rows visible
   * @param origin where the rule comes from, empty for the API
   */
  public record RowFilter(String subject, String table, Expression filter, String origin) {}

  private final List<Grant> grants;
  private final List<ColumnDeny> denies;
  private final List<ColumnMask> masks;
  private final List<RowFilter> rowFilters;
  private final Map<String, String> salts;

  private Policy(Builder b) {
    this.grants = List.copyOf(b.grants);
    this.denies = List.copyOf(b.denies);
    this.masks = List.copyOf(b.masks);
    this.rowFilters = List.copyOf(b.rowFilters);
    this.salts = Map.copyOf(b.salts);
  }

  /**
   * Starts an empty policy (which denies everything).
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Loads a YAML policy file (format in {@code docs/security.md}).
   *
   * @param file the file
   * @return the policy
   * @throws PolicyException when the file does not parse or a rule is invalid; the message names
   *     the file and line
   * @throws io.floe.FloeIOException when the file cannot be read
   */
  public static Policy load(Path file) {
    return PolicyFile.load(Objects.requireNonNull(file, "file"));
  }

  /**
   * Parses a YAML policy.
   *
   * @param yaml the policy text
   * @param source the name used in messages (a file name)
   * @return the policy
   * @throws PolicyException when the text does not parse or a rule is invalid
   */
  public static Policy parse(String yaml, String source) {
    return PolicyFile.parse(Objects.requireNonNull(yaml, "yaml"), source);
  }

  /**
   * The grants, in rule order.
   *
   * @return the grants
   */
  public List<Grant> grants() {
    return grants;
  }

  /**
   * The denied columns, in rule order.
   *
   * @return the denials
   */
  public List<ColumnDeny> deniedColumns() {
    return denies;
  }

  /**
   * The column masks, in rule order.
   *
   * @return the masks
   */
  public List<ColumnMask> masks() {
    return masks;
  }

  /**
   * The row filters, in rule order.
   *
   * @return the row filters
   */
  public List<RowFilter> rowFilters() {
    return rowFilters;
  }

  /**
   * The salt of a table's hash masks.
   *
   * @param table the table's full name
   * @return the salt, empty when the policy sets none
   */
  public java.util.Optional<String> salt(String table) {
    return java.util.Optional.ofNullable(salts.get(table));
  }

  @Override
  public String toString() {
    // never the salts
    return "Policy{"
        + grants.size()
        + " grants, "
        + denies.size()
        + " denied columns, "
        + masks.size()
        + " masks, "
        + rowFilters.size()
        + " row filters}";
  }

  /** Builds a {@link Policy}. Not thread-safe. */
  public static final class Builder {
    private final List<Grant> grants = new ArrayList<>();
    private final List<ColumnDeny> denies = new ArrayList<>();
    private final List<ColumnMask> masks = new ArrayList<>();
    private final List<RowFilter> rowFilters = new ArrayList<>();
    private final Map<String, String> salts = new HashMap<>();

    private Builder() {}

    /**
     * Grants privileges on a table, or on every table of a namespace (and its sub-namespaces).
     *
     * @param subject a role, {@code user:NAME} or {@code *}
     * @param tableOrNamespace the full name
     * @param privileges what to grant
     * @return this builder
     * @throws IllegalArgumentException when a name is blank or no privilege is given
     */
    public Builder grant(String subject, String tableOrNamespace, Privilege... privileges) {
      return grant(subject, tableOrNamespace, List.of(privileges), "");
    }

    Builder grant(String subject, String target, List<Privilege> privileges, String origin) {
      check(subject, "subject");
      check(target, "table or namespace");
      if (privileges.isEmpty()) {
        throw new IllegalArgumentException("A grant to " + subject + " on " + target + " is empty");
      }
      grants.add(new Grant(subject, target, EnumSet.copyOf(privileges), origin));
      return this;
    }

    /**
     * Denies top-level columns of a table to a subject: they are left out of scans without a
     * select, and selecting them or filtering on them is refused.
     *
     * @param subject a role, {@code user:NAME} or {@code *}
     * @param table the table's full name
     * @param columns the columns
     * @return this builder
     */
    public Builder denyColumns(String subject, String table, String... columns) {
      for (String column : columns) {
        denyColumn(subject, table, column, "");
      }
      return this;
    }

    Builder denyColumn(String subject, String table, String column, String origin) {
      check(subject, "subject");
      check(table, "table");
      check(column, "column");
      denies.add(new ColumnDeny(subject, table, column, origin));
      return this;
    }

    /**
     * Masks a top-level column of a table for a subject.
     *
     * @param subject a role, {@code user:NAME} or {@code *}
     * @param table the table's full name
     * @param column the column
     * @param mask the mask
     * @return this builder
     */
    public Builder mask(String subject, String table, String column, Mask mask) {
      return mask(subject, table, column, mask, "");
    }

    Builder mask(String subject, String table, String column, Mask mask, String origin) {
      check(subject, "subject");
      check(table, "table");
      check(column, "column");
      masks.add(
          new ColumnMask(subject, table, column, Objects.requireNonNull(mask, "mask"), origin));
      return this;
    }

    /**
     * Restricts the rows of a table a subject sees.
     *
     * @param subject a role, {@code user:NAME} or {@code *}
     * @param table the table's full name
     * @param filter the visible rows
     * @return this builder
     */
    public Builder rowFilter(String subject, String table, Expression filter) {
      return rowFilter(subject, table, filter, "");
    }

    /**
     * Restricts the rows of a table a subject sees, with a filter in Floe's syntax ({@link
     * io.floe.Scan#where(String)}).
     *
     * @param subject a role, {@code user:NAME} or {@code *}
     * @param table the table's full name
     * @param filter the visible rows, such as {@code region = 'EU'}
     * @return this builder
     * @throws io.floe.ValidationException when the filter does not parse
     */
    public Builder rowFilter(String subject, String table, String filter) {
      return rowFilter(subject, table, Filter.parse(filter), "");
    }

    Builder rowFilter(String subject, String table, Expression filter, String origin) {
      check(subject, "subject");
      check(table, "table");
      rowFilters.add(
          new RowFilter(subject, table, Objects.requireNonNull(filter, "filter"), origin));
      return this;
    }

    /**
     * Sets the salt of a table's hash masks; keep it secret (it is never shown in messages).
     *
     * @param table the table's full name
     * @param salt the salt, at least 16 characters
     * @return this builder
     * @throws IllegalArgumentException when the salt is shorter
     */
    public Builder salt(String table, String salt) {
      check(table, "table");
      Objects.requireNonNull(salt, "salt");
      if (salt.length() < 16) {
        throw new IllegalArgumentException(
            "The salt of table " + table + " must have at least 16 characters");
      }
      salts.put(table, salt);
      return this;
    }

    /**
     * Builds the policy.
     *
     * @return the policy
     * @throws PolicyException when a table has a hash mask but no salt
     */
    public Policy build() {
      for (ColumnMask m : masks) {
        if (m.mask().kind() == Mask.Kind.HASH && !salts.containsKey(m.table())) {
          throw new PolicyException(
              where(m.origin())
                  + "table "
                  + m.table()
                  + " has a hash mask on column "
                  + m.column()
                  + " but no salt; set one (salt: in the file, salt(table, value) in the API)",
              m.table(),
              m.column(),
              PolicyFile.line(m.origin()),
              null);
        }
      }
      return new Policy(this);
    }

    private static String where(String origin) {
      return origin.isEmpty() ? "" : origin + ": ";
    }

    private static void check(String value, String what) {
      Objects.requireNonNull(value, what);
      if (value.isBlank()) {
        throw new IllegalArgumentException("A policy rule's " + what + " is blank");
      }
    }
  }
}

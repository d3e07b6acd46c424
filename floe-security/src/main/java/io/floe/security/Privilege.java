package io.floe.security;

/**
 * What a grant allows on a table or on every table of a namespace. {@link #ADMIN} implies the
 * others; the others are independent (a writer does not read unless also granted {@link #READ}).
 */
public enum Privilege {
  /** Scans (rows, Arrow, read tasks, incremental, changelog) and metadata tables. */
  READ,
  /** Appends, deletes, overwrites, upserts, file imports and transactions. */
  WRITE,
  /** Maintenance: compaction, snapshot expiry, orphan removal, manifest rewrites, health. */
  MAINTAIN,
  /**
   * Everything, plus schema, partitioning, sort order, properties, snapshots and refs; creating,
   * renaming and dropping tables and namespaces; erasure.
   */
  ADMIN;

  /**
   * Parses a privilege as written in a policy file.
   *
   * @param text {@code read}, {@code write}, {@code maintain} or {@code admin} (any case)
   * @return the privilege
   * @throws IllegalArgumentException when the text names no privilege
   */
  public static Privilege parse(String text) {
    for (Privilege p : values()) {
      if (p.name().equalsIgnoreCase(text.trim())) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "Unknown privilege '" + text + "'; use read, write, maintain or admin");
  }
}

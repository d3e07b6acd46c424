package io.floe.impl.write;

import java.util.Objects;

/**
 * Write-audit-publish: the summary key of staged commits, shared by the writes and ManageSnapshots.
 */
public final class Staging {
  /** The snapshot summary key that names a staged write, as Spark and Iceberg's WapUtil use it. */
  public static final String WAP_ID = "wap.id";

  private Staging() {}

  /**
   * Checks a write-audit-publish id.
   *
   * @param wapId the id
   * @return the id
   * @throws IllegalArgumentException when blank
   */
  public static String checkId(String wapId) {
    Objects.requireNonNull(wapId, "wapId");
    if (wapId.isBlank()) {
      throw new IllegalArgumentException("A write-audit-publish id must not be blank");
    }
    return wapId;
  }
}

package io.floe.impl;

import io.floe.Floe;
import io.floe.TableCreator;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One in-memory Floe with a {@code db} namespace for all tests of a class, closed after them:
 * {@code @RegisterExtension static final InMemoryFloe FLOE = new InMemoryFloe();}.
 */
public final class InMemoryFloe implements BeforeAllCallback, AfterAllCallback {
  private final AtomicInteger tables = new AtomicInteger();
  private Floe floe;

  @Override
  public void beforeAll(ExtensionContext context) {
    floe = Floe.inMemory();
    floe.createNamespace("db");
  }

  @Override
  public void afterAll(ExtensionContext context) {
    floe.close();
  }

  /** The open Floe. */
  public Floe floe() {
    return floe;
  }

  /** Starts a table of a fresh name in {@code db} ({@code db.t1}, {@code db.t2}, ...). */
  public TableCreator createTable() {
    return floe.createTable("db.t" + tables.incrementAndGet());
  }
}

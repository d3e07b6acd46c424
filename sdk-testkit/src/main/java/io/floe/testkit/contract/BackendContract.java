package io.floe.testkit.contract;

import io.floe.Floe;
import io.floe.FloeConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the contract suites ({@link CatalogContract}, {@link TableContract}) share: each test opens
 * a Floe from the backend's {@link #config()} and works in a namespace of its own, so a backend (a
 * server) can be shared by all tests of a class; the Floe is closed after the test. Not
 * thread-safe; JUnit creates one instance per test.
 */
public abstract class BackendContract {
  /** A fresh namespace for the running test. */
  protected String ns;

  /** The Floe the test uses; opened before and closed after each test. */
  protected Floe floe;

  /** Creates the suite; only the contract suites of this package extend it. */
  BackendContract() {}

  /**
   * The backend's configuration, called once per Floe a test opens.
   *
   * @return the configuration
   */
  protected abstract FloeConfig config();

  /** A row of the suites' events tables: {@code value} is half the id. */
  static Map<String, Object> row(long id, String category) {
    Map<String, Object> row = new HashMap<>();
    row.put("id", id);
    row.put("category", category);
    row.put("value", id / 2.0);
    return row;
  }

  /** Opens the test's Floe and its namespace. */
  @BeforeEach
  void openFloe() {
    floe = Floe.open(config());
    ns = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    floe.createNamespace(ns);
  }

  /** Closes the test's Floe. */
  @AfterEach
  void closeFloe() {
    if (floe != null) {
      floe.close();
    }
  }
}

package io.floe.testkit;

import io.floe.Floe;
import io.floe.FloeConfig;
import io.floe.FloeException;
import io.floe.FloeTable;
import io.floe.impl.spi.Internals;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.catalog.Catalog;

/**
 * A self-contained Floe for tests: a fresh catalog and file store per kit, fault injection on every
 * file operation and catalog commit, a clock the test controls, and helpers to create tables from
 * fixtures and to find orphan files. What mockwebserver is to an HTTP client, this is to code that
 * uses Floe.
 *
 * <p>Two backends behave alike: {@linkplain #inMemory() in memory} (a catalog with the semantics of
 * Iceberg's JDBC catalog over a {@link MemoryFileIO}; about a millisecond to start, nothing shared
 * between kits) and {@linkplain #local(Path) local} (exactly what {@code Floe.local} opens, built
 * by the same code: the metadata cache, the caching and scheme file IOs, a JDBC catalog on an
 * SQLite file and local files; the kit's faults sit under the cache, on the storage and on the
 * catalog's commits). {@link #floe()} is the kit's Floe; {@link #newFloe()} opens another one on
 * the same catalog and files, as a second process would. Closing the kit closes every Floe it
 * opened and frees the in-memory store. Thread-safe.
 *
 * <pre>{@code
 * try (FloeTestKit kit = FloeTestKit.inMemory()) {
 *   FloeTable table = kit.floe().createTable("db.events")
 *       .column("id", Types.LongType.get()).required()
 *       .create();
 *   kit.faults().onCommit().nth(1).conflict();         // retried: the append still lands
 *   table.newAppend().row(Map.of("id", 1L)).commit();
 *   FloeAssertions.assertThat(table).hasSnapshots(1).hasRowCount(1).hasNoOrphanFiles();
 * }
 * }</pre>
 */
public final class FloeTestKit implements AutoCloseable {
  /** Where the in-memory backend puts its tables. */
  public static final String MEMORY_WAREHOUSE = "mem://warehouse";

  /** The backends a kit can run on. */
  public enum Backend {
    /** An in-memory catalog over a {@link MemoryFileIO}. */
    MEMORY,
    /**
     * What {@code Floe.local} opens (metadata cache, caching and scheme file IOs, a JDBC catalog on
     * an SQLite file, local files), with the kit's faults under the cache.
     */
    LOCAL
  }

  static final java.util.concurrent.ConcurrentMap<String, FloeTestKit> RUNNING =
      new java.util.concurrent.ConcurrentHashMap<>();

  private final String id = java.util.UUID.randomUUID().toString();
  private final String name;
  private final Backend backend;
  private final Faults faults;
  private final TestClock clock;
  private final Path warehouse;
  private final MemoryFileIO memoryFiles;
  private final MemoryCatalog.Store store;
  private final List<Floe> opened = new ArrayList<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Floe floe;

  private FloeTestKit(Builder builder) {
    this.name = builder.name;
    this.backend = builder.backend;
    this.faults = builder.faults;
    this.clock = builder.clock;
    this.warehouse = builder.warehouse;
    if (backend == Backend.MEMORY) {
      this.memoryFiles = new MemoryFileIO(clock);
      this.store = new MemoryCatalog.Store();
    } else {
      // Catalogs.local creates the folder, as for Floe.local
      this.memoryFiles = null;
      this.store = null;
    }
    RUNNING.put(id, this);
    try {
      this.floe = newFloe();
    } catch (RuntimeException e) {
      RUNNING.remove(id);
      throw e;
    }
  }

  /**
   * A kit on a fresh in-memory catalog and file store, with no faults and a clock at the current
   * time.
   *
   * @return a new kit
   */
  public static FloeTestKit inMemory() {
    return builder().build();
  }

  /**
   * A kit on the embedded local backend (SQLite catalog file and local files) in a folder.
   *
   * @param warehouse the warehouse folder, created if missing; the kit does not delete it
   * @return a new kit
   */
  public static FloeTestKit local(Path warehouse) {
    return builder().local(warehouse).build();
  }

  /**
   * Starts configuring a kit.
   *
   * @return a new builder, for the in-memory backend unless told otherwise
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The kit's Floe, closed with the kit.
   *
   * @return the Floe
   */
  public Floe floe() {
    return floe;
  }

  /**
   * Opens another Floe on the same catalog and files, with its own table handles and caches, as a
   * second process would; the kit closes it too.
   *
   * @return a new Floe
   * @throws IllegalStateException when the kit is closed
   */
  public synchronized Floe newFloe() {
    checkOpen();
    // the local backend opens exactly what Floe.local opens (one construction path), with the
    // kit's catalog faults between the catalog and the metadata cache
    Floe opened =
        backend == Backend.MEMORY
            ? Internals.open(name, memoryCatalog())
            : Internals.open(localConfig(), this::faulty);
    this.opened.add(opened);
    return opened;
  }

  /**
   * A configuration that opens Floes on this kit's catalog, files and faults, for code that takes a
   * {@code FloeConfig}; valid while the kit is open.
   *
   * @return the configuration
   */
  public FloeConfig config() {
    return FloeConfig.builder(name)
        .property("catalog-impl", KitCatalog.class.getName())
        .property(KitCatalog.KIT_PROPERTY, id)
        .build();
  }

  /** A new Iceberg catalog on the kit's store, with faults. */
  Catalog newCatalog() {
    checkOpen();
    if (backend == Backend.MEMORY) {
      return memoryCatalog();
    }
    return Internals.openCatalog(localConfig(), this::faulty);
  }

  private FaultyCatalog memoryCatalog() {
    return new FaultyCatalog(
        new MemoryCatalog(name, MEMORY_WAREHOUSE, store, new FaultyFileIO(memoryFiles, faults)),
        faults,
        null);
  }

  private FaultyCatalog faulty(Catalog catalog) {
    return new FaultyCatalog(catalog, faults, null);
  }

  /**
   * What {@code Floe.local(warehouse)} opens, named as the kit, with the kit's file faults as the
   * storage under the metadata cache ({@link FaultyFileIO} over Floe's own scheme file IO).
   */
  private FloeConfig localConfig() {
    return FloeConfig.builder(name)
        .properties(FloeConfig.local(warehouse).properties())
        .property(CatalogProperties.FILE_IO_IMPL, FaultyFileIO.class.getName())
        .property(KitCatalog.KIT_PROPERTY, id)
        .build();
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("The test kit " + name + " is closed");
    }
  }

  /** The running kit with this id, for the catalog and file IO that Iceberg creates by name. */
  static FloeTestKit running(String kitId) {
    FloeTestKit kit = kitId == null ? null : RUNNING.get(kitId);
    if (kit == null) {
      throw new IllegalArgumentException(
          "No running test kit '"
              + kitId
              + "': get the configuration from "
              + "FloeTestKit.config() and use it while the kit is open");
    }
    return kit;
  }

  /**
   * The fault rules applied to this kit's files and commits.
   *
   * @return the faults
   */
  public Faults faults() {
    return faults;
  }

  /**
   * The clock that stamps the in-memory store's files.
   *
   * @return the clock
   */
  public TestClock clock() {
    return clock;
  }

  /**
   * Which backend the kit runs on.
   *
   * @return the backend
   */
  public Backend backend() {
    return backend;
  }

  /**
   * The in-memory file store, to inspect or damage files directly (without faults).
   *
   * @return the store
   * @throws IllegalStateException when the kit runs on the local backend
   */
  public MemoryFileIO memoryFiles() {
    if (memoryFiles == null) {
      throw new IllegalStateException(
          "The test kit " + name + " runs on the local backend; see warehouse()");
    }
    return memoryFiles;
  }

  /**
   * The warehouse folder of the local backend.
   *
   * @return the folder
   * @throws IllegalStateException when the kit runs in memory
   */
  public Path warehouse() {
    if (warehouse == null) {
      throw new IllegalStateException(
          "The test kit " + name + " runs in memory; see memoryFiles()");
    }
    return warehouse;
  }

  /**
   * Creates a table from a fixture in the kit's Floe: its definition, then one commit per batch of
   * rows.
   *
   * @param fixture the fixture
   * @return the table, with the fixture's snapshots
   */
  public FloeTable create(TableFixture fixture) {
    return Objects.requireNonNull(fixture, "fixture").createIn(floe);
  }

  /**
   * The files under a table's location that no snapshot or metadata file of the table refers to:
   * what a failed or abandoned write left behind.
   *
   * @param table the table
   * @return the orphan files' locations, sorted
   */
  public List<String> orphanFiles(FloeTable table) {
    return TableFiles.orphans(table);
  }

  /** Closes every Floe the kit opened and frees the in-memory store; the local folder is kept. */
  @Override
  public synchronized void close() {
    if (closed.compareAndSet(false, true)) {
      RUNNING.remove(id);
      RuntimeException failure = null;
      for (Floe f : opened) {
        try {
          f.close();
        } catch (RuntimeException e) {
          if (failure == null) {
            failure = e;
          } else {
            failure.addSuppressed(e);
          }
        }
      }
      if (memoryFiles != null) {
        memoryFiles.close();
        store.tables.clear();
        store.namespaces.clear();
      }
      if (failure != null) {
        throw failure;
      }
    }
  }

  @Override
  public String toString() {
    return "FloeTestKit{"
        + name
        + ", "
        + backend
        + (warehouse == null ? "" : ", " + warehouse)
        + "}";
  }

  /**
   * Configures a {@link FloeTestKit}: mutable, not thread-safe; {@link #build()} may be called
   * again for another kit.
   *
   * <pre>{@code
   * FloeTestKit kit = FloeTestKit.builder()
   *     .clock(TestClock.at(Instant.parse("2026-01-01T00:00:00Z")))
   *     .faults(faults)
   *     .build();
   * }</pre>
   */
  public static final class Builder {
    private String name;
    private Backend backend = Backend.MEMORY;
    private Path warehouse;
    private Faults faults;
    private TestClock clock;

    private Builder() {}

    /**
     * Names the catalog (default: "test" in memory; on the local backend "local", the name {@code
     * Floe.local} gives its catalog, so that it sees the kit's tables).
     *
     * @param catalogName the name
     * @return this builder
     */
    public Builder name(String catalogName) {
      Objects.requireNonNull(catalogName, "name");
      if (catalogName.isBlank()) {
        throw new IllegalArgumentException("The catalog name must not be blank");
      }
      this.name = catalogName;
      return this;
    }

    /**
     * Uses the in-memory backend (the default).
     *
     * @return this builder
     */
    public Builder inMemory() {
      this.backend = Backend.MEMORY;
      this.warehouse = null;
      return this;
    }

    /**
     * Uses the local backend in a folder.
     *
     * @param folder the warehouse folder, created if missing
     * @return this builder
     */
    public Builder local(Path folder) {
      this.backend = Backend.LOCAL;
      this.warehouse = Objects.requireNonNull(folder, "folder").toAbsolutePath().normalize();
      return this;
    }

    /**
     * Uses fault rules made elsewhere (for example shared by several kits).
     *
     * @param rules the faults
     * @return this builder
     */
    public Builder faults(Faults rules) {
      this.faults = Objects.requireNonNull(rules, "faults");
      return this;
    }

    /**
     * Uses a clock the test controls.
     *
     * @param testClock the clock
     * @return this builder
     */
    public Builder clock(TestClock testClock) {
      this.clock = Objects.requireNonNull(testClock, "clock");
      return this;
    }

    /**
     * Builds and opens the kit.
     *
     * @return a new kit
     * @throws FloeException when the local catalog cannot be opened
     */
    public FloeTestKit build() {
      Builder copy = new Builder();
      // the local backend's catalog is Floe.local's by default, so Floe.local(folder) sees its
      // tables
      copy.name =
          name != null
              ? name
              : backend == Backend.LOCAL ? FloeConfig.local(warehouse).name() : "test";
      copy.backend = backend;
      copy.warehouse = warehouse;
      copy.faults = faults == null ? Faults.create() : faults;
      copy.clock = clock == null ? TestClock.at(Clock.systemUTC().instant()) : clock;
      return new FloeTestKit(copy);
    }
  }
}

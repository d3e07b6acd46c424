package io.floe.impl.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.AlreadyExistsException;
import io.floe.Floe;
import io.floe.FloeTable;
import io.floe.NotFoundException;
import io.floe.ValidationException;
import io.floe.impl.spi.Internals;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code registerTable} and namespace properties on the production stack ({@code Floe.local}). */
class RegisterAndNamespaceTest {
  @TempDir Path dir;

  private static String metadataLocation(FloeTable table) {
    return ((HasTableOperations) Internals.icebergTable(table))
        .operations()
        .current()
        .metadataFileLocation();
  }

  @Test
  void aTableOfAnotherCatalogIsRegisteredWithItsRows() {
    String metadata;
    try (Floe source = Floe.local(dir.resolve("source"))) {
      FloeTable table =
          source.createTable("db.events").column("id", Types.LongType.get()).required().create();
      table.newAppend().rows(List.of(Map.of("id", 1L), Map.of("id", 2L))).commit();
      metadata = metadataLocation(table.refresh());
      source.dropTable("db.events"); // the catalog entry goes, the files stay
    }
    try (Floe target = Floe.local(dir.resolve("target"))) {
      FloeTable registered = target.registerTable("restored.events", metadata);
      assertThat(registered.newScan().count()).isEqualTo(2);
      registered.newAppend().rows(List.of(Map.of("id", 3L))).commit();
      assertThat(target.loadTable("restored.events").newScan().count()).isEqualTo(3);
      assertThatThrownBy(() -> target.registerTable("restored.events", metadata))
          .isInstanceOf(AlreadyExistsException.class)
          .hasMessageContaining("restored.events");
    }
  }

  @Test
  void aSecondEntryForTheSameTableIsRefusedAndTakenBackOut() {
    try (Floe floe = Floe.local(dir)) {
      FloeTable table =
          floe.createTable("db.events").column("id", Types.LongType.get()).required().create();
      table.newAppend().rows(List.of(Map.of("id", 1L))).commit();
      String metadata = metadataLocation(table.refresh());
      assertThatThrownBy(() -> floe.registerTable("db.events_copy", metadata))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("db.events_copy")
          .hasMessageContaining("overlaps table");
      assertThat(floe.tableExists("db.events_copy")).isFalse();
      assertThat(floe.loadTable("db.events").newScan().count()).isEqualTo(1);
    }
  }

  @Test
  void aRefusedTableLeavesNoNamespaceBehind() {
    try (Floe floe = Floe.local(dir)) {
      FloeTable table =
          floe.createTable("db.events").column("id", Types.LongType.get()).required().create();
      String metadata = metadataLocation(table.refresh());
      assertThatThrownBy(() -> floe.registerTable("copies.events", metadata))
          .isInstanceOf(ValidationException.class);
      assertThat(floe.namespaceExists("copies"))
          .as("namespace created for the refused entry")
          .isFalse();
      assertThatThrownBy(
              () ->
                  floe.createTable("fresh.t")
                      .column("id", Types.LongType.get())
                      .partitionBy(p -> p.identity("missing"))
                      .create())
          .isInstanceOf(ValidationException.class);
      assertThat(floe.namespaceExists("fresh"))
          .as("namespace created for the refused table")
          .isFalse();
      floe.createNamespace("kept");
      assertThatThrownBy(
              () ->
                  floe.createTable("kept.t")
                      .column("id", Types.LongType.get())
                      .partitionBy(p -> p.identity("missing"))
                      .create())
          .isInstanceOf(ValidationException.class);
      assertThat(floe.namespaceExists("kept")).as("a namespace that existed before stays").isTrue();
    }
  }

  @Test
  void aMissingMetadataFileFailsNamingIt() {
    try (Floe floe = Floe.local(dir)) {
      floe.createNamespace("db");
      assertThatThrownBy(
              () -> floe.registerTable("db.ghost", dir.resolve("nope/v1.metadata.json").toString()))
          .isInstanceOf(io.floe.FloeIOException.class)
          .hasMessageContaining("db.ghost")
          .hasMessageContaining("nope/v1.metadata.json");
      assertThat(floe.tableExists("db.ghost")).isFalse();
    }
  }

  @Test
  void namespacePropertiesAreCreatedReadAndUpdated() {
    try (Floe floe = Floe.local(dir)) {
      floe.createNamespace("sales", Map.of("owner", "team-a", "comment", "orders"));
      assertThat(floe.namespaceProperties("sales"))
          .containsEntry("owner", "team-a")
          .containsEntry("comment", "orders");
      floe.updateNamespaceProperties(
          "sales", Map.of("owner", "team-b"), Set.of("comment", "absent"));
      assertThat(floe.namespaceProperties("sales"))
          .containsEntry("owner", "team-b")
          .doesNotContainKey("comment");
      assertThatThrownBy(() -> floe.namespaceProperties("nope"))
          .isInstanceOf(NotFoundException.class);
      assertThatThrownBy(() -> floe.updateNamespaceProperties("nope", Map.of("a", "b"), Set.of()))
          .isInstanceOf(NotFoundException.class);
    }
    try (Floe floe = Floe.local(dir)) {
      assertThat(floe.namespaceProperties("sales")).containsEntry("owner", "team-b");
    }
  }

  @Test
  void aMetadataTableNameIsNotATable() {
    for (String backend : List.of("local", "memory")) {
      try (Floe floe =
          backend.equals("local") ? Floe.local(dir.resolve("meta")) : Floe.inMemory()) {
        FloeTable table =
            floe.createTable("db.t").column("id", Types.LongType.get()).required().create();
        table.newAppend().rows(List.of(Map.of("id", 1L))).commit();
        // Iceberg's catalogs resolve "db.t.snapshots" to the metadata table; Floe's tables are
        // the catalog's tables (metadata tables come from FloeTable#metadataTable)
        assertThat(floe.tableExists("db.t.snapshots")).as(backend).isFalse();
        assertThat(floe.findTable("db.t.files")).as(backend).isEmpty();
        assertThatThrownBy(() -> floe.loadTable("db.t.snapshots"))
            .isInstanceOf(NotFoundException.class)
            .hasMessageContaining("db.t.snapshots")
            .hasMessageContaining("metadataTable");
        assertThat(floe.purgeTable("db.t.snapshots")).as(backend).isFalse();
        assertThatThrownBy(() -> floe.renameTable("db.t.snapshots", "db.s"))
            .isInstanceOf(NotFoundException.class);
        assertThat(floe.loadTable("db.t").newScan().count()).as(backend).isEqualTo(1);
        // a real table whose name is a metadata table type stays a table (its own location: the
        // default one would lie inside db.t's folder, which Floe refuses)
        floe.createNamespace("db.t");
        floe.createTable("db.t.files")
            .location(dir.resolve("elsewhere-" + backend).toUri().toString())
            .column("id", Types.LongType.get())
            .required()
            .create();
        assertThat(floe.tableExists("db.t.files")).as(backend).isTrue();
        assertThat(floe.loadTable("db.t.files").schema().columns()).hasSize(1);
      }
    }
  }
}

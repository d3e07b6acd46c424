package io.floe.impl;

import io.floe.PropertiesUpdate;
import io.floe.impl.spi.Errors;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.apache.iceberg.Table;
import org.apache.iceberg.UpdateProperties;

/**
 * {@link PropertiesUpdate} over Iceberg's {@link UpdateProperties}, with Floe's value checks first.
 */
final class PropertiesUpdateImpl implements PropertiesUpdate {
  private final String name;
  private final Table table;
  private final Map<String, String> sets = new LinkedHashMap<>();
  private final Set<String> removes = new LinkedHashSet<>();
  private final long started = System.nanoTime();
  private boolean committed;

  PropertiesUpdateImpl(String name, Table table) {
    this.name = name;
    this.table = table;
  }

  private void open() {
    if (committed) {
      throw TableErrors.propertiesAlreadyCommitted(name);
    }
  }

  @Override
  public PropertiesUpdate set(String key, String value) {
    open();
    Objects.requireNonNull(key, "key");
    if (value == null) {
      throw TableErrors.nullProperty(name, key);
    }
    sets.put(key, value);
    removes.remove(key);
    return this;
  }

  @Override
  public PropertiesUpdate set(Map<String, String> properties) {
    Objects.requireNonNull(properties, "properties");
    properties.forEach(this::set);
    return this;
  }

  @Override
  public PropertiesUpdate remove(String... keys) {
    open();
    for (String key : keys) {
      Objects.requireNonNull(key, "key");
      removes.add(key);
      sets.remove(key);
    }
    return this;
  }

  @Override
  public Map<String, String> apply() {
    Map<String, String> after = new TreeMap<>(table.properties());
    after.putAll(sets);
    removes.forEach(after::remove);
    PropertyChecks.checkUpdate(name, table.schema(), after, sets);
    return Collections.unmodifiableMap(after);
  }

  @Override
  public io.floe.UpdateResult commit() {
    open();
    apply();
    committed = true;
    Errors.run(
        name,
        () -> {
          UpdateProperties update = table.updateProperties();
          sets.forEach(update::set);
          removes.forEach(update::remove);
          update.commit();
        });
    return io.floe.impl.evolve.UpdateResults.of(name, table, started);
  }
}

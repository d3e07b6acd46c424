package io.floe.impl.spi;

import java.util.Objects;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.encryption.EncryptionManager;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.LocationProvider;

/**
 * Iceberg table operations that forward every call to other operations: subclasses override what
 * they watch or change (Floe's commit-file tracking, the test kit's commit faults). Thread-safe
 * when the delegate is.
 *
 * <pre>{@code
 * TableOperations counting = new ForwardingTableOperations(ops) {
 *   public void commit(TableMetadata base, TableMetadata metadata) {
 *     commits.increment();
 *     super.commit(base, metadata);
 *   }
 * };
 * }</pre>
 */
public class ForwardingTableOperations implements TableOperations {
  private final TableOperations delegate;

  /**
   * Wraps table operations.
   *
   * @param delegate the operations that do the work
   */
  public ForwardingTableOperations(TableOperations delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /**
   * The wrapped operations.
   *
   * @return the delegate
   */
  public TableOperations delegate() {
    return delegate;
  }

  @Override
  public TableMetadata current() {
    return delegate.current();
  }

  @Override
  public TableMetadata refresh() {
    return delegate.refresh();
  }

  @Override
  public void commit(TableMetadata base, TableMetadata metadata) {
    delegate.commit(base, metadata);
  }

  @Override
  public FileIO io() {
    return delegate.io();
  }

  @Override
  public EncryptionManager encryption() {
    return delegate.encryption();
  }

  @Override
  public String metadataFileLocation(String fileName) {
    return delegate.metadataFileLocation(fileName);
  }

  @Override
  public LocationProvider locationProvider() {
    return delegate.locationProvider();
  }

  @Override
  public TableOperations temp(TableMetadata uncommittedMetadata) {
    return delegate.temp(uncommittedMetadata);
  }

  @Override
  public long newSnapshotId() {
    return delegate.newSnapshotId();
  }

  @Override
  public boolean requireStrictCleanup() {
    return delegate.requireStrictCleanup();
  }
}

package io.floe.impl.spi;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.iceberg.io.FileIO;

/**
 * The files one thread creates through one file IO while a recording runs: how a caller that hands
 * a file IO to code it does not control (a catalog's table operations writing a metadata file)
 * learns which files that code wrote. The caller starts the recording on the file IO it holds
 * ({@link #record(FileIO)}); the file IO only reports each new file here ({@link #created(String)})
 * and knows nothing of who records. Recordings nest: an inner one's files are also the outer one's.
 *
 * <p>One instance per file IO (serializable with it; recordings are not carried along);
 * thread-safe.
 *
 * <pre>{@code
 * try (NewFiles.Recording attempt = NewFiles.record(ops.io())) {
 *   ops.commit(base, metadata);
 * } // attempt.files(): the metadata file the commit wrote
 * }</pre>
 */
public final class NewFiles implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  /** Recordings are per JVM and thread: a deserialized file IO starts with none. */
  private transient volatile ThreadLocal<Set<String>> current;

  private ThreadLocal<Set<String>> current() {
    ThreadLocal<Set<String>> local = current;
    if (local == null) {
      synchronized (this) {
        local = current;
        if (local == null) {
          local = new ThreadLocal<>();
          current = local;
        }
      }
    }
    return local;
  }

  /** A file IO that reports the files created through it. */
  public interface Source {
    /**
     * The recorder of this file IO's new files.
     *
     * @return the recorder
     */
    NewFiles newFiles();
  }

  /**
   * Notes that a file is being created, for a recording running in this thread.
   *
   * @param location the new file's location
   */
  public void created(String location) {
    Set<String> files = current().get();
    if (files != null && location != null) {
      files.add(location);
    }
  }

  /**
   * Starts recording the files this thread creates through this file IO.
   *
   * @return the recording; close it in the same thread
   */
  public Recording start() {
    return new Recording(this, current().get());
  }

  /**
   * Starts recording on a file IO: the files this thread creates through it until the recording is
   * closed. A file IO that does not report new files gives a recording that stays empty.
   *
   * @param io the file IO
   * @return the recording; close it in the same thread
   */
  public static Recording record(FileIO io) {
    return io instanceof Source source ? source.newFiles().start() : new Recording(null, null);
  }

  /** The files created in one thread while it ran. Used by one thread. */
  public static final class Recording implements AutoCloseable {
    private final NewFiles owner;
    private final Set<String> outer;
    private final Set<String> files = Collections.synchronizedSet(new LinkedHashSet<>());

    private Recording(NewFiles owner, Set<String> outer) {
      this.owner = owner;
      this.outer = outer;
      if (owner != null) {
        owner.current().set(files);
      }
    }

    /**
     * The locations of the files created so far, in order.
     *
     * @return a copy of the locations
     */
    public Set<String> files() {
      synchronized (files) {
        return new LinkedHashSet<>(files);
      }
    }

    /** Stops recording; an enclosing recording gets these files too. */
    @Override
    public void close() {
      if (owner == null) {
        return;
      }
      if (outer == null) {
        owner.current().remove();
      } else {
        outer.addAll(files);
        owner.current().set(outer);
      }
    }
  }
}

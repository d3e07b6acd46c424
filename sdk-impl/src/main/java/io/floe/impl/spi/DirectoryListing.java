package io.floe.impl.spi;

import io.floe.impl.io.Locations;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.SupportsPrefixOperations;

/**
 * A file IO that lists a folder's files by folder (never by raw string prefix) and reports the
 * entries it could not list instead of failing: symbolic links (never followed) and unreadable
 * folders or files.
 */
public interface DirectoryListing {

  /**
   * Lists every regular file below a folder, recursively.
   *
   * @param folder the folder's location
   * @return the files (locations in the form of {@code folder}) and the skipped entries
   */
  Listing listFolder(String folder);

  /**
   * Lists a folder with any file IO: by {@link #listFolder} when it can, else by its prefix listing
   * with a prefix ending in {@code /}, keeping only what is inside the folder (a file IO that lists
   * by raw string prefix would also return {@code t2/...} for {@code t}).
   *
   * @param io the file IO
   * @param folder the folder's location
   * @return the listing
   * @throws UnsupportedOperationException when the file IO cannot list
   */
  static Listing list(FileIO io, String folder) {
    Listing listing;
    if (io instanceof DirectoryListing lister) {
      listing = lister.listFolder(folder);
    } else if (io instanceof SupportsPrefixOperations prefixes) {
      List<FileInfo> files = new ArrayList<>();
      prefixes.listPrefix(Locations.listingPrefix(folder)).forEach(files::add);
      listing = new Listing(files, List.of());
    } else {
      throw new UnsupportedOperationException(io.getClass().getSimpleName() + " cannot list files");
    }
    List<FileInfo> inside = new ArrayList<>(listing.files().size());
    List<String> skipped = new ArrayList<>(listing.skipped());
    String dir = Locations.directory(folder);
    for (FileInfo file : listing.files()) {
      if (Locations.canonical(file.location()).startsWith(dir)) {
        inside.add(file);
      }
    }
    return inside.size() == listing.files().size() ? listing : new Listing(inside, skipped);
  }

  /**
   * The files below a folder and the entries skipped while listing it.
   *
   * @param files the regular files
   * @param skipped what was skipped, each as {@code location (reason)}
   */
  record Listing(List<FileInfo> files, List<String> skipped) {
    /**
     * Copies the lists.
     *
     * @param files the regular files
     * @param skipped the skipped entries
     */
    public Listing {
      files = List.copyOf(files);
      skipped = List.copyOf(skipped);
    }
  }
}

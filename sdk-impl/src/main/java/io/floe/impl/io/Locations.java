package io.floe.impl.io;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;

/**
 * The one canonical form of file locations that Floe compares (orphan-file listing, reachable
 * files, table-overlap checks), and the one place where a location becomes a local path.
 *
 * <p>A location is a name, never URL-decoded: Iceberg encodes partition values once when it builds
 * a data file's path ({@code PartitionSpec.partitionToPath}, {@code URLEncoder}), so {@code a/b}
 * becomes {@code a%2Fb} and that string is the file's name on every storage, as it is for S3 keys
 * and for Hadoop's {@code Path}. Decoding it again (as {@code Paths.get(URI)} does) would write
 * {@code a/b} as a nested folder and make listed names differ from referenced ones.
 *
 * <p>Canonical form: the scheme in lower case, {@code s3a}/{@code s3n} as {@code s3}; local files
 * (plain paths, {@code file:/x}, {@code file:///x}, {@code file://localhost/x}) as {@code file://}
 * plus the absolute, normalized path; repeated {@code /} collapsed; no trailing {@code /}. Two
 * canonical locations name the same file or folder when their strings are equal. Thread-safe.
 */
public final class Locations {
  private Locations() {}

  /**
   * Whether a location is on the local file system (a plain path or a {@code file:} URI).
   *
   * @param location a location
   * @return true for local files
   */
  public static boolean isLocal(String location) {
    int colon = location.indexOf(':');
    int slash = location.indexOf('/');
    if (colon <= 1 || (slash >= 0 && slash < colon)) {
      return true; // no scheme, or a Windows drive letter
    }
    return location.regionMatches(true, 0, "file:", 0, 5);
  }

  /**
   * The local path of a location, taken literally: {@code %2F} stays {@code %2F}.
   *
   * @param location a plain path or a {@code file:} URI
   * @return the path
   */
  public static Path localPath(String location) {
    String path = location;
    if (path.regionMatches(true, 0, "file:", 0, 5)) {
      path = path.substring(5);
      if (path.startsWith("//")) {
        int slash = path.indexOf('/', 2);
        String authority = slash < 0 ? path.substring(2) : path.substring(2, slash);
        if (!authority.isEmpty() && !authority.equalsIgnoreCase("localhost")) {
          throw new IllegalArgumentException(
              "Cannot use host '"
                  + authority
                  + "' of "
                  + location
                  + " as a local path; write file:///path or a plain path");
        }
        path = slash < 0 ? "/" : path.substring(slash);
      }
    }
    return Paths.get(path);
  }

  /**
   * The canonical form of a location (see the class comment).
   *
   * @param location a location
   * @return the canonical form
   */
  public static String canonical(String location) {
    if (isLocal(location)) {
      String path = localPath(location).toAbsolutePath().normalize().toString().replace('\\', '/');
      return "file://" + (path.startsWith("/") ? "" : "/") + collapse(path);
    }
    int colon = location.indexOf(':');
    String scheme = location.substring(0, colon).toLowerCase(Locale.ROOT);
    if (scheme.equals("s3a") || scheme.equals("s3n")) {
      scheme = "s3";
    }
    String rest = location.substring(colon + 1);
    if (!rest.startsWith("//")) {
      return scheme + ":" + collapse(rest);
    }
    rest = rest.substring(2);
    int slash = rest.indexOf('/');
    String authority = slash < 0 ? rest : rest.substring(0, slash);
    String path = slash < 0 ? "" : collapse(rest.substring(slash));
    return scheme + "://" + authority + path;
  }

  /**
   * The canonical form of a folder, ending with {@code /}: a location is inside the folder when its
   * canonical form starts with this.
   *
   * @param location the folder's location
   * @return the canonical form followed by {@code /}
   */
  public static String directory(String location) {
    String canonical = canonical(location);
    return canonical.endsWith("/") ? canonical : canonical + "/";
  }

  /**
   * A folder location as a prefix for listing by folder: the location as given, ending with {@code
   * /} (object stores list by raw key prefix, so {@code db/t} would also match {@code db/t2/...}).
   *
   * @param location the folder's location
   * @return the location ending with {@code /}
   */
  public static String listingPrefix(String location) {
    return location.endsWith("/") ? location : location + "/";
  }

  /**
   * Whether a location is a folder or inside it, comparing canonical forms.
   *
   * @param folder the folder's location
   * @param location a file or folder location
   * @return true when {@code location} is {@code folder} or below it
   */
  public static boolean within(String folder, String location) {
    String dir = directory(folder);
    String other = canonical(location);
    return other.startsWith(dir) || (other + "/").equals(dir);
  }

  /**
   * Whether two folders overlap: equal, or one inside the other.
   *
   * @param a a folder location
   * @param b another folder location
   * @return true when one holds the other
   */
  public static boolean overlap(String a, String b) {
    return within(a, b) || within(b, a);
  }

  private static String collapse(String path) {
    String out = path;
    while (out.contains("//")) {
      out = out.replace("//", "/");
    }
    while (out.length() > 1 && out.endsWith("/")) {
      out = out.substring(0, out.length() - 1);
    }
    return out;
  }
}

package io.floe.files;

/**
 * What an export wrote: rows, bytes, the file and its format. Immutable and thread-safe.
 *
 * <pre>{@code
 * ExportResult result = FileExport.from(table.newScan()).to(Path.of("out.csv")).run();
 * }</pre>
 */
public final class ExportResult {
  private final String path;
  private final FileFormat format;
  private final long rows;
  private final long bytes;

  ExportResult(String path, FileFormat format, long rows, long bytes) {
    this.path = path;
    this.format = format;
    this.rows = rows;
    this.bytes = bytes;
  }

  /**
   * The file written.
   *
   * @return its path
   */
  public String path() {
    return path;
  }

  /**
   * The format written.
   *
   * @return the format
   */
  public FileFormat format() {
    return format;
  }

  /**
   * The rows written.
   *
   * @return the count
   */
  public long rows() {
    return rows;
  }

  /**
   * The size of the file written.
   *
   * @return its bytes
   */
  public long bytes() {
    return bytes;
  }

  @Override
  public String toString() {
    return "ExportResult{path="
        + path
        + ", format="
        + format
        + ", rows="
        + rows
        + ", bytes="
        + bytes
        + "}";
  }
}

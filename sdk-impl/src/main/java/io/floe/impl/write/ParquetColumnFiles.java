package io.floe.impl.write;

import io.floe.impl.spi.ColumnAppender;
import io.floe.impl.spi.ColumnFiles;
import io.floe.impl.spi.ColumnSource;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Metrics;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.Schema;
import org.apache.iceberg.io.OutputFile;

/**
 * {@link ColumnFiles} over {@link ParquetFileAppender}'s column mode: the files of one write share
 * one set of page compressors, returned to the pool on {@link #close()}.
 */
final class ParquetColumnFiles implements ColumnFiles {
  private final Schema schema;
  private final Map<String, String> props;
  private final MetricsConfig metrics;
  private final ParquetFileAppender.Compressors compressors;

  private ParquetColumnFiles(Schema schema, Map<String, String> props, MetricsConfig metrics) {
    this.schema = schema;
    this.props = props;
    this.metrics = metrics;
    this.compressors = new ParquetFileAppender.Compressors(props);
  }

  /**
   * Opens the column-mode files of one write ({@link TableFileWriter#columnFiles}).
   *
   * @param schema the Iceberg schema (top-level primitive columns only)
   * @param props table properties with Floe's overrides
   * @param metrics the table's metrics configuration
   * @return the files' factory
   */
  public static ColumnFiles open(Schema schema, Map<String, String> props, MetricsConfig metrics) {
    return new ParquetColumnFiles(schema, props, metrics);
  }

  @Override
  public ColumnAppender open(OutputFile output) {
    return new Appender(ParquetFileAppender.columns(output, schema, props, metrics, compressors));
  }

  @Override
  public void close() {
    compressors.close();
  }

  /** A column-mode {@link ParquetFileAppender} as the SPI's {@link ColumnAppender}. */
  private static final class Appender implements ColumnAppender {
    private final ParquetFileAppender<Void> file;

    Appender(ParquetFileAppender<Void> file) {
      this.file = file;
    }

    @Override
    public void addColumns(ColumnSource source, int[] rows, int from, int to) {
      file.addColumns(source, rows, from, to);
    }

    @Override
    public void add(Void row) {
      file.add(row);
    }

    @Override
    public Metrics metrics() {
      return file.metrics();
    }

    @Override
    public long length() {
      return file.length();
    }

    @Override
    public List<Long> splitOffsets() {
      return file.splitOffsets();
    }

    @Override
    public void close() throws IOException {
      file.close();
    }
  }
}

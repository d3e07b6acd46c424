package io.floe.impl.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.impl.spi.ForwardingFileIO;
import io.floe.impl.spi.NewFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.iceberg.io.BulkDeletionFailureException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ForwardingFileIO} forwards every call and capability of the file IO it wraps, falls back
 * where the wrapped one lacks a capability, and reports new files to recordings of the creating
 * thread only ({@link NewFiles}).
 */
class ForwardingFileIOTest {
  @TempDir Path tmp;

  /** Wraps a file IO and changes nothing. */
  private static final class Plain extends ForwardingFileIO {
    private static final long serialVersionUID = 1L;
    private final FileIO io;

    Plain(FileIO io) {
      this.io = io;
    }

    @Override
    protected FileIO delegate() {
      return io;
    }
  }

  /** A file IO with no optional capability: no bulk delete, no listing. */
  private static final class Minimal implements FileIO {
    private static final long serialVersionUID = 1L;
    private final LocalFileIO local = new LocalFileIO();
    final List<String> deleted = new ArrayList<>();

    @Override
    public InputFile newInputFile(String location) {
      return local.newInputFile(location);
    }

    @Override
    public OutputFile newOutputFile(String location) {
      return local.newOutputFile(location);
    }

    @Override
    public void deleteFile(String location) {
      if (location.endsWith("locked")) {
        throw new IllegalStateException("locked: " + location);
      }
      deleted.add(location);
      local.deleteFile(location);
    }
  }

  private static void write(FileIO io, String location) throws IOException {
    try (PositionOutputStream out = io.newOutputFile(location).create()) {
      out.write(new byte[] {1, 2, 3});
    }
  }

  @Test
  void forwardsFilesListingAndBulkDeletesToTheWrappedFileIo() throws IOException {
    LocalFileIO local = new LocalFileIO();
    local.initialize(Map.of(LocalFileIO.FSYNC, "false"));
    ForwardingFileIO io = new Plain(local);
    String t = tmp.resolve("t").toString();
    Files.createDirectories(tmp.resolve("t2"));
    write(io, t + "/a.bin");
    write(io, t + "/sub/b.bin");
    write(local, tmp.resolve("t2").resolve("c.bin").toString());
    assertThat(io.newInputFile(t + "/a.bin").getLength()).isEqualTo(3);
    assertThat(io.newInputFile(t + "/a.bin", 3).exists()).isTrue();
    List<String> listed = new ArrayList<>();
    for (FileInfo file : io.listPrefix(t)) {
      listed.add(file.location());
    }
    assertThat(listed)
        .as("by folder: t never lists t2")
        .hasSize(2)
        .noneMatch(l -> l.contains("t2"));
    assertThat(io.listFolder(t).files()).hasSize(2);
    io.deleteFiles(List.of(t + "/a.bin", t + "/sub/b.bin"));
    assertThat(io.listFolder(t).files()).isEmpty();
    assertThat(io.properties()).containsEntry(LocalFileIO.FSYNC, "false");
    assertThat(io.credentials()).isEmpty();
  }

  @Test
  void fallsBackWhereTheWrappedFileIoLacksACapability() throws IOException {
    Minimal minimal = new Minimal();
    ForwardingFileIO io = new Plain(minimal);
    String a = tmp.resolve("a.bin").toString();
    write(io, a);
    assertThatThrownBy(() -> io.deleteFiles(List.of(a, tmp.resolve("x.locked").toString())))
        .isInstanceOf(BulkDeletionFailureException.class)
        .satisfies(
            e -> assertThat(((BulkDeletionFailureException) e).numberFailedObjects()).isEqualTo(1));
    assertThat(minimal.deleted).containsExactly(a);
    assertThat(Path.of(a)).doesNotExist();
    assertThatThrownBy(() -> io.listPrefix(tmp.toString()))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining(Minimal.class.getName())
        .hasMessageContaining(tmp.toString());
    assertThatThrownBy(() -> io.deletePrefix(tmp.toString()))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> io.listFolder(tmp.toString()))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void reportsNewFilesToRecordingsOfTheCreatingThreadOnly() throws Exception {
    ForwardingFileIO io = new Plain(new LocalFileIO());
    String a = tmp.resolve("a.bin").toString();
    String b = tmp.resolve("b.bin").toString();
    String c = tmp.resolve("c.bin").toString();
    write(io, tmp.resolve("before.bin").toString());
    try (NewFiles.Recording outer = NewFiles.record(io)) {
      write(io, a);
      try (NewFiles.Recording inner = NewFiles.record(io)) {
        write(io, b);
        CompletableFuture.runAsync(
                () -> {
                  try {
                    write(io, c);
                  } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                  }
                })
            .get();
        assertThat(inner.files()).containsExactly(b);
      }
      assertThat(outer.files())
          .as("an inner recording's files are the outer one's too")
          .containsExactly(a, b);
    }
    try (NewFiles.Recording none = NewFiles.record(new Minimal())) {
      write(io, tmp.resolve("d.bin").toString());
      assertThat(none.files())
          .as("a file IO that does not report gives an empty recording")
          .isEmpty();
    }
  }
}

package io.floe.impl.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.floe.impl.spi.DirectoryListing;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.SupportsPrefixOperations;
import org.junit.jupiter.api.Test;

class LocationsTest {

  @Test
  void localFormsAreOneCanonicalLocationAndNeverDecoded() {
    String canonical = "file:///wh/db/t/data/p=a%2Fb/f.parquet";
    for (String form :
        List.of(
            "/wh/db/t/data/p=a%2Fb/f.parquet",
            "file:/wh/db/t/data/p=a%2Fb/f.parquet",
            "file:///wh/db/t/data/p=a%2Fb/f.parquet",
            "file://localhost/wh/db/t/data/p=a%2Fb/f.parquet",
            "/wh//db/t/./data/p=a%2Fb/f.parquet",
            "FILE:/wh/db/t/data/p=a%2Fb/f.parquet")) {
      assertThat(Locations.canonical(form)).as(form).isEqualTo(canonical);
    }
    assertThat(Locations.localPath("file:///wh/p=a%2Fb")).isEqualTo(Path.of("/wh/p=a%2Fb"));
    assertThat(Locations.localPath("file:/wh/caf%C3%A9")).isEqualTo(Path.of("/wh/caf%C3%A9"));
    assertThatThrownBy(() -> Locations.localPath("file://server/share/x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("server");
  }

  @Test
  void objectStoreSchemesAndSlashesAreNormalizedKeysAreNot() {
    assertThat(Locations.canonical("s3a://b/wh//db/t/")).isEqualTo("s3://b/wh/db/t");
    assertThat(Locations.canonical("S3N://b/wh/db/t/p=a%2Fb")).isEqualTo("s3://b/wh/db/t/p=a%2Fb");
    assertThat(Locations.canonical("gs://b/wh/../t")).isEqualTo("gs://b/wh/../t");
    assertThat(Locations.directory("s3://b/wh/db/t")).isEqualTo("s3://b/wh/db/t/");
  }

  @Test
  void withinAndOverlapCompareFoldersNotStringPrefixes() {
    assertThat(Locations.within("s3://b/wh/db/t", "s3://b/wh/db/t2/data/f")).isFalse();
    assertThat(Locations.within("s3://b/wh/db/t", "s3a://b/wh/db/t/data/f")).isTrue();
    assertThat(Locations.within("/wh/db/t", "/wh/db/t")).isTrue();
    assertThat(Locations.within("/wh/db/t", "/wh/db/t_archive")).isFalse();
    assertThat(Locations.within("/wh/db/a", "file:///wh/db/a/t")).isTrue();
    assertThat(Locations.overlap("/wh/db/a/t", "/wh/db/a")).isTrue();
    assertThat(Locations.overlap("/wh/db/a", "/wh/db/b")).isFalse();
    assertThat(Locations.within("s3://b/wh", "s3://c/wh/x")).isFalse();
  }

  /** A file IO that lists by raw string prefix, as object stores do. */
  private static final class RawPrefixIO implements SupportsPrefixOperations {
    private final Map<String, Long> files = new TreeMap<>();

    @Override
    public Iterable<FileInfo> listPrefix(String prefix) {
      List<FileInfo> out = new ArrayList<>();
      files.forEach(
          (location, size) -> {
            if (location.startsWith(prefix)) {
              out.add(new FileInfo(location, size, 0));
            }
          });
      return out;
    }

    @Override
    public void deletePrefix(String prefix) {
      throw new UnsupportedOperationException();
    }

    @Override
    public InputFile newInputFile(String path) {
      throw new UnsupportedOperationException();
    }

    @Override
    public OutputFile newOutputFile(String path) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void deleteFile(String path) {
      throw new UnsupportedOperationException();
    }
  }

  @Test
  void listingAFolderNeverReturnsASiblingSharingItsPrefix() {
    RawPrefixIO io = new RawPrefixIO();
    for (String file :
        List.of(
            "s3://b/wh/db/t/data/1.parquet",
            "s3://b/wh/db/t2/data/2.parquet",
            "s3://b/wh/db/t_archive/data/3.parquet",
            "s3://b/wh/db/t",
            "s3://b/wh/db/t/metadata/v1.metadata.json")) {
      io.files.put(file, 1L);
    }
    assertThat(DirectoryListing.list(io, "s3://b/wh/db/t").files())
        .extracting(FileInfo::location)
        .containsExactlyInAnyOrder(
            "s3://b/wh/db/t/data/1.parquet", "s3://b/wh/db/t/metadata/v1.metadata.json");
  }
}

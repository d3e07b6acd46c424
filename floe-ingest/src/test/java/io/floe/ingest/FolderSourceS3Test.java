package io.floe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.floe.Floe;
import io.floe.FloeConfig;
import io.floe.FloeTable;
import io.floe.impl.spi.Internals;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.iceberg.io.FileIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A folder on S3 (s3proxy), read through the table's file IO. */
class FolderSourceS3Test {
  @TempDir Path tmp;

  private static void put(FileIO io, String location, String text) throws Exception {
    try (OutputStream out = io.newOutputFile(location).createOrOverwrite()) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static String csv(int from, int to) {
    StringBuilder text = new StringBuilder("id,name\n");
    for (int i = from; i < to; i++) {
      text.append(i).append(",n").append(i).append('\n');
    }
    return text.toString();
  }

  @Test
  void ingestsAnS3FolderOnceAndSetsAsideAMalformedObjectByItsLocation() throws Exception {
    FloeConfig config = FloeConfig.of("s3", S3Server.catalog(tmp));
    String landing = "s3://" + S3Server.BUCKET + "/landing-" + UUID.randomUUID() + "/";
    Path rejects = tmp.resolve("rejects");
    try (Floe floe = Floe.open(config)) {
      floe.createNamespace("db");
      FloeTable table = FolderSourceTest.events(floe);
      FileIO io = Internals.icebergTable(table).io();
      put(io, landing + "a.csv", csv(0, 100));
      put(io, landing + "sub/b.jsonl", "{\"id\":200,\"name\":\"x\"}\n");
      put(io, landing + "c.csv", "id,name\n300,a\nlots,b\n");
      put(io, landing + "d.parquet", "not a parquet file");
      put(io, landing + "_tmp/e.csv", csv(900, 901));
      // a sibling prefix that a raw string listing would also match
      put(io, landing.substring(0, landing.length() - 1) + "x/f.csv", csv(800, 801));
      try (FolderSource source =
          FolderSource.builder(floe, "db.events", landing).rejects(rejects).build()) {
        FolderSource.Cycle cycle = source.ingestOnce();
        assertThat(cycle.files()).isEqualTo(3);
        assertThat(cycle.rows()).isEqualTo(102);
        assertThat(cycle.deadLetters()).isEqualTo(1);
        assertThat(source.ingestOnce().files()).isZero();
        put(io, landing + "g.csv", csv(1000, 1010));
        assertThat(source.ingestOnce().rows()).isEqualTo(10);
      }
      List<Long> expected = new ArrayList<>(FolderSourceTest.range(0, 100));
      expected.addAll(List.of(200L, 300L));
      expected.addAll(FolderSourceTest.range(1000, 1010));
      assertThat(FolderSourceTest.ids(table)).isEqualTo(expected);
      assertThat(Files.readString(rejects.resolve("dead-letters.jsonl")))
          .contains(landing + "d.parquet");
      assertThat(Files.readString(rejects.resolve("rejects-1.jsonl")))
          .contains("\"file\":\"" + landing + "c.csv\"");
    }
    try (Floe floe = Floe.open(config);
        FolderSource source =
            FolderSource.builder(floe, "db.events", landing).rejects(rejects).build()) {
      assertThat(source.ingestedFiles()).hasSize(5);
      assertThat(source.ingestOnce().files()).isZero();
    }
  }
}

package io.floe.parquet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.junit.jupiter.api.Test;

/** The Hadoop-free read options are the options Parquet's builder gives. */
class ReadOptionsTest {
  @Test
  void sameOptionsAsParquetsBuilder() {
    PageCodecs codecs = new PageCodecs();
    ParquetReadOptions ours = ReadOptions.create(codecs);
    ParquetReadOptions builder =
        ParquetReadOptions.builder(new PlainParquetConfiguration())
            .withCodecFactory(codecs)
            .build();
    assertThat(ours).isNotNull().isNotSameAs(builder);
    assertThat(ours.getClass()).isEqualTo(ParquetReadOptions.class);
    assertThat(ours.useSignedStringMinMax()).isEqualTo(builder.useSignedStringMinMax());
    assertThat(ours.useStatsFilter()).isEqualTo(builder.useStatsFilter());
    assertThat(ours.useDictionaryFilter()).isEqualTo(builder.useDictionaryFilter());
    assertThat(ours.useRecordFilter()).isEqualTo(builder.useRecordFilter());
    assertThat(ours.useColumnIndexFilter()).isEqualTo(builder.useColumnIndexFilter());
    assertThat(ours.usePageChecksumVerification()).isEqualTo(builder.usePageChecksumVerification());
    assertThat(ours.useBloomFilter()).isEqualTo(builder.useBloomFilter());
    assertThat(ours.useOffHeapDecryptBuffer()).isEqualTo(builder.useOffHeapDecryptBuffer());
    assertThat(ours.useHadoopVectoredIo()).isEqualTo(builder.useHadoopVectoredIo());
    assertThat(ours.getRecordFilter()).isSameAs(builder.getRecordFilter());
    assertThat(ours.getMetadataFilter()).isSameAs(builder.getMetadataFilter());
    assertThat(ours.getCodecFactory()).isSameAs(codecs);
    assertThat(ours.getAllocator().getClass()).isEqualTo(builder.getAllocator().getClass());
    assertThat(ours.getMaxAllocationSize()).isEqualTo(builder.getMaxAllocationSize());
    assertThat(ours.getPropertyNames()).isEqualTo(builder.getPropertyNames());
    assertThat(ours.getDecryptionProperties()).isEqualTo(builder.getDecryptionProperties());
    assertThat(ours.getMetricsCallback()).isEqualTo(builder.getMetricsCallback());
    assertThat(ours.getConfiguration().getClass()).isEqualTo(builder.getConfiguration().getClass());
  }
}

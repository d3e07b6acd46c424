package io.floe.interop;

import io.floe.parquet.ArrowBatches;
import io.floe.parquet.ArrowScan;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;

/** Rows of a Floe Arrow scan in {@link Canonical} form, sorted by their first (long) column. */
final class ArrowRows {
  private ArrowRows() {}

  static List<List<Object>> of(ArrowScan scan) {
    List<List<Object>> out = new ArrayList<>();
    try (BufferAllocator allocator = new RootAllocator();
        ArrowBatches batches = scan.open(allocator)) {
      while (batches.hasNext()) {
        VectorSchemaRoot batch = batches.next();
        for (int i = 0; i < batch.getRowCount(); i++) {
          List<Object> row = new ArrayList<>();
          for (FieldVector vector : batch.getFieldVectors()) {
            row.add(Canonical.value(value(vector, i)));
          }
          out.add(row);
        }
      }
    }
    out.sort(Comparator.comparing(r -> (Long) r.get(0)));
    return out;
  }

  private static Object value(ValueVector vector, int i) {
    if (vector.isNull(i)) {
      return null;
    } else if (vector instanceof TimeStampMicroTZVector v) {
      return micros(v.get(i));
    } else if (vector instanceof TimeStampMicroVector v) {
      return LocalDateTime.ofInstant(micros(v.get(i)), ZoneOffset.UTC);
    } else if (vector instanceof DateDayVector v) {
      return LocalDate.ofEpochDay(v.get(i));
    } else if (vector instanceof VarCharVector v) {
      return v.getObject(i).toString();
    } else if (vector instanceof VarBinaryVector v) {
      return v.get(i);
    } else if (vector instanceof MapVector v) {
      StructVector entries = (StructVector) v.getDataVector();
      Map<Object, Object> map = new LinkedHashMap<>();
      for (int j = v.getElementStartIndex(i); j < v.getElementEndIndex(i); j++) {
        map.put(value(entries.getChildByOrdinal(0), j), value(entries.getChildByOrdinal(1), j));
      }
      return map;
    } else if (vector instanceof ListVector v) {
      List<Object> list = new ArrayList<>();
      for (int j = v.getElementStartIndex(i); j < v.getElementEndIndex(i); j++) {
        list.add(value(v.getDataVector(), j));
      }
      return list;
    } else if (vector instanceof StructVector v) {
      List<Object> struct = new ArrayList<>();
      for (int c = 0; c < v.size(); c++) {
        struct.add(value(v.getChildByOrdinal(c), i));
      }
      return struct;
    }
    return vector.getObject(i);
  }

  private static Instant micros(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
  }
}

package io.floe.parquet.internal;

import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;

/**
 * Copies single values between vectors of the same type, nested ones included (Arrow's own complex
 * copier does not handle fixed-size binary children).
 */
final class RowCopier {
  private RowCopier() {}

  static void copy(FieldVector src, int from, FieldVector dst, int to) {
    if (src instanceof ListVector) {
      ListVector s = (ListVector) src;
      ListVector d = (ListVector) dst;
      if (s.isNull(from)) {
        d.setNull(to);
        return;
      }
      int start = s.getOffsetBuffer().getInt((long) from * 4);
      int end = s.getOffsetBuffer().getInt((long) (from + 1) * 4);
      int at = d.startNewValue(to);
      FieldVector sd = s.getDataVector();
      FieldVector dd = d.getDataVector();
      for (int k = start; k < end; k++) {
        copy(sd, k, dd, at + k - start);
      }
      d.endValue(to, end - start);
    } else if (src instanceof StructVector) {
      StructVector s = (StructVector) src;
      StructVector d = (StructVector) dst;
      List<FieldVector> sc = s.getChildrenFromFields();
      List<FieldVector> dc = d.getChildrenFromFields();
      for (int c = 0; c < sc.size(); c++) {
        copy(sc.get(c), from, dc.get(c), to);
      }
      if (s.isNull(from)) {
        d.setNull(to);
      } else {
        d.setIndexDefined(to);
      }
    } else {
      dst.copyFromSafe(from, to, src);
    }
  }
}

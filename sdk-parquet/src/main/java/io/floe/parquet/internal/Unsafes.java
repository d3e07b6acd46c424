package io.floe.parquet.internal;

import java.lang.reflect.Field;

/**
 * The JDK's {@code sun.misc.Unsafe} for bulk copies between heap arrays and Arrow buffers (Arrow
 * itself uses it; from Arrow 16 on its {@code MemoryUtil.UNSAFE} is private). Module {@code
 * jdk.unsupported} opens it to every class path application.
 */
final class Unsafes {
  static final sun.misc.Unsafe UNSAFE = load();
  static final long BYTE_ARRAY_BASE_OFFSET = UNSAFE.arrayBaseOffset(byte[].class);

  private Unsafes() {}

  private static sun.misc.Unsafe load() {
    try {
      Field field = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
      field.setAccessible(true);
      return (sun.misc.Unsafe) field.get(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Cannot access sun.misc.Unsafe", e);
    }
  }
}

package io.floe.parquet.internal;

import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.expressions.And;
import org.apache.iceberg.expressions.BoundLiteralPredicate;
import org.apache.iceberg.expressions.BoundPredicate;
import org.apache.iceberg.expressions.BoundReference;
import org.apache.iceberg.expressions.BoundSetPredicate;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Or;
import org.apache.iceberg.types.Type;
import org.apache.parquet.column.values.bloomfilter.BloomFilter;
import org.apache.parquet.hadoop.BloomFilterReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ColumnPath;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;

/**
 * A Bloom filter check for the filters point lookups use ({@code =} and {@code IN} on int, long,
 * date, timestamp and string columns, under {@code AND}/{@code OR}), with the literals hashed once
 * per file instead of once per row group; Iceberg's {@code ParquetBloomRowGroupFilter} re-binds the
 * filter against the file schema for every row group, which dominated a cached lookup. Expressions
 * it does not cover are left to Iceberg's filter ({@link #compile} returns null).
 */
final class BloomProbe {
  /** The Bloom filters rule the row group out. */
  static final int ABSENT = 0;

  /** The Bloom filters were consulted and hold the filter's values: rows very likely match. */
  static final int LIKELY = 1;

  /** No Bloom filter covers the filter for this row group. */
  static final int UNKNOWN = 2;

  private interface Node {
    int probe(BlockMetaData block, BloomFilterReader reader);
  }

  private final Node root;

  private BloomProbe(Node root) {
    this.root = root;
  }

  /**
   * Compiles a bound residual filter.
   *
   * @param filter the filter, bound to the read schema
   * @param paths the file column path of each field id the filter may read (flat columns only)
   * @param types the file's physical type of each of those columns
   * @return the probe, or null when some part of the filter is not covered
   */
  static BloomProbe compile(
      Expression filter,
      java.util.Map<Integer, ColumnPath> paths,
      java.util.Map<Integer, PrimitiveType> types) {
    Node node = node(filter, paths, types);
    return node == null ? null : new BloomProbe(node);
  }

  /**
   * Whether rows of a row group may match, by the Bloom filters of its chunks; true when a chunk
   * has no filter.
   *
   * @param block the row group
   * @param reader its Bloom filters
   * @return false when the filters rule the row group out
   */
  boolean mightMatch(BlockMetaData block, BloomFilterReader reader) {
    return root.probe(block, reader) != ABSENT;
  }

  /**
   * What the Bloom filters say about a row group.
   *
   * @param block the row group
   * @param reader its Bloom filters
   * @return {@link #ABSENT}, {@link #LIKELY} (the filters were consulted and hold the values) or
   *     {@link #UNKNOWN}
   */
  int probe(BlockMetaData block, BloomFilterReader reader) {
    return root.probe(block, reader);
  }

  private static Node node(
      Expression e,
      java.util.Map<Integer, ColumnPath> paths,
      java.util.Map<Integer, PrimitiveType> types) {
    switch (e.op()) {
      case TRUE:
        return (b, r) -> UNKNOWN;
      case AND:
        {
          Node left = node(((And) e).left(), paths, types);
          Node right = node(((And) e).right(), paths, types);
          return left == null || right == null
              ? null
              : (b, r) -> {
                int l = left.probe(b, r);
                return l == ABSENT ? ABSENT : Math.min(l, right.probe(b, r));
              };
        }
      case OR:
        {
          Node left = node(((Or) e).left(), paths, types);
          Node right = node(((Or) e).right(), paths, types);
          return left == null || right == null
              ? null
              : (b, r) -> {
                int l = left.probe(b, r);
                if (l == UNKNOWN) {
                  return UNKNOWN;
                }
                int rr = right.probe(b, r);
                return rr == UNKNOWN ? UNKNOWN : Math.max(l, rr);
              };
        }
      case EQ:
      case IN:
        return equality((BoundPredicate<?>) e, paths, types);
      case LT:
      case LT_EQ:
      case GT:
      case GT_EQ:
      case NOT_EQ:
      case NOT_IN:
      case IS_NULL:
      case NOT_NULL:
      case IS_NAN:
      case NOT_NAN:
      case STARTS_WITH:
      case NOT_STARTS_WITH:
        // Bloom filters cannot rule these out
        return e instanceof BoundPredicate ? (b, r) -> UNKNOWN : null;
      default:
        return null;
    }
  }

  private static Node equality(
      BoundPredicate<?> pred,
      java.util.Map<Integer, ColumnPath> paths,
      java.util.Map<Integer, PrimitiveType> types) {
    if (!(pred.term() instanceof BoundReference)) {
      return null;
    }
    int id = ((BoundReference<?>) pred.term()).fieldId();
    ColumnPath path = paths.get(id);
    PrimitiveType physical = types.get(id);
    if (path == null || physical == null) {
      return null;
    }
    List<Object> values = new ArrayList<>();
    if (pred instanceof BoundLiteralPredicate) {
      values.add(((BoundLiteralPredicate<?>) pred).literal().value());
    } else if (pred instanceof BoundSetPredicate) {
      values.addAll(((BoundSetPredicate<?>) pred).literalSet());
    } else {
      return null;
    }
    Type.TypeID type = pred.ref().type().typeId();
    long[] hashes = new long[values.size()];
    // a stand-in filter: Parquet's only algorithm (split-block, xxHash64) hashes the same way in
    // every filter
    org.apache.parquet.column.values.bloomfilter.BlockSplitBloomFilter hasher =
        new org.apache.parquet.column.values.bloomfilter.BlockSplitBloomFilter(32);
    for (int i = 0; i < hashes.length; i++) {
      Object v = values.get(i);
      switch (physical.getPrimitiveTypeName()) {
        case INT32:
          if (type != Type.TypeID.INTEGER && type != Type.TypeID.DATE) {
            return null;
          }
          hashes[i] = hasher.hash(((Number) v).intValue());
          break;
        case INT64:
          if (type == Type.TypeID.TIMESTAMP) {
            // Iceberg's literal is in microseconds; files of other writers may use another unit
            if (!(physical.getLogicalTypeAnnotation()
                    instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation ts)
                || ts.getUnit() != LogicalTypeAnnotation.TimeUnit.MICROS) {
              return null;
            }
          } else if (type != Type.TypeID.LONG) {
            return null;
          }
          hashes[i] = hasher.hash(((Number) v).longValue());
          break;
        case BINARY:
          if (type != Type.TypeID.STRING) {
            return null;
          }
          hashes[i] = hasher.hash(Binary.fromString(v.toString()));
          break;
        default:
          return null;
      }
    }
    return (block, reader) -> {
      ColumnChunkMetaData chunk = null;
      for (ColumnChunkMetaData c : block.getColumns()) {
        if (c.getPath().equals(path)) {
          chunk = c;
          break;
        }
      }
      if (chunk == null || chunk.getBloomFilterOffset() < 0) {
        return UNKNOWN;
      }
      BloomFilter filter = reader.readBloomFilter(chunk);
      if (filter == null) {
        return UNKNOWN;
      }
      for (long hash : hashes) {
        if (filter.findHash(hash)) {
          return LIKELY;
        }
      }
      return ABSENT;
    };
  }
}

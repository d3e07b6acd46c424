package io.floe.security;

import io.floe.FloeIOException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads the YAML policy file with snakeyaml-engine's node API, so every error names its line:
 *
 * <pre>
 * tables:
 *   sales.orders:
 *     salt: "at least 16 characters"
 *     grants:   { analyst: [read], etl: [read, write, maintain] }
 *     deny:     { analyst: [card_number] }
 *     masks:    { analyst: { email: hash, phone: keep-last(4), birth: truncate(month) } }
 *     row-filters: { eu: "region = 'EU'" }
 * namespaces:
 *   sales:
 *     grants: { "user:root": [admin] }
 * </pre>
 */
final class PolicyFile {
  private static final Set<String> TABLE_KEYS =
      Set.of("salt", "grants", "deny", "masks", "row-filters");

  private final String source;
  private final Policy.Builder builder = Policy.builder();

  private PolicyFile(String source) {
    this.source = source == null ? "policy" : source;
  }

  static Policy load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new FloeIOException(
          "read",
          file.toString(),
          "Cannot read the policy file " + file + ": " + e.getMessage(),
          e);
    }
    return parse(text, file.getFileName().toString());
  }

  static Policy parse(String yaml, String source) {
    PolicyFile file = new PolicyFile(source);
    Node root;
    try {
      root =
          new Compose(LoadSettings.builder().setLabel(file.source).build())
              .composeString(yaml)
              .orElse(null);
    } catch (MarkedYamlEngineException e) {
      int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(0);
      throw new PolicyException(
          file.source + " line " + line + ": not valid YAML: " + e.getProblem(),
          null,
          null,
          line,
          e);
    } catch (YamlEngineException e) {
      throw new PolicyException(
          file.source + ": not valid YAML: " + e.getMessage(), null, null, 0, e);
    }
    if (root == null) {
      return file.builder.build();
    }
    for (NodeTuple top : file.map(root, "the policy", null)) {
      String key = file.scalar(top.getKeyNode(), null);
      switch (key) {
        case "tables" -> {
          for (NodeTuple t : file.map(top.getValueNode(), "tables", null)) {
            file.table(file.scalar(t.getKeyNode(), null), t.getValueNode());
          }
        }
        case "namespaces" -> {
          for (NodeTuple t : file.map(top.getValueNode(), "namespaces", null)) {
            String ns = file.scalar(t.getKeyNode(), null);
            for (NodeTuple e : file.map(t.getValueNode(), "namespace " + ns, ns)) {
              String k = file.scalar(e.getKeyNode(), ns);
              if (!k.equals("grants")) {
                throw file.error(
                    e.getKeyNode(),
                    ns,
                    null,
                    "unknown key '" + k + "' in namespace " + ns + "; namespaces have grants only");
              }
              file.grants(ns, e.getValueNode());
            }
          }
        }
        default ->
            throw file.error(
                top.getKeyNode(),
                null,
                null,
                "unknown key '" + key + "'; use tables and namespaces");
      }
    }
    return file.builder.build();
  }

  private void table(String table, Node node) {
    for (NodeTuple e : map(node, "table " + table, table)) {
      String key = scalar(e.getKeyNode(), table);
      Node value = e.getValueNode();
      switch (key) {
        case "salt" -> {
          try {
            builder.salt(table, scalar(value, table));
          } catch (IllegalArgumentException ex) {
            throw error(value, table, null, ex.getMessage());
          }
        }
        case "grants" -> grants(table, value);
        case "deny" -> {
          for (NodeTuple s : map(value, "deny of " + table, table)) {
            String subject = scalar(s.getKeyNode(), table);
            for (Node column : list(s.getValueNode(), table)) {
              builder.denyColumn(subject, table, scalar(column, table), origin(column));
            }
          }
        }
        case "masks" -> {
          for (NodeTuple s : map(value, "masks of " + table, table)) {
            String subject = scalar(s.getKeyNode(), table);
            for (NodeTuple c : map(s.getValueNode(), "masks of " + subject, table)) {
              String column = scalar(c.getKeyNode(), table);
              Mask mask;
              try {
                mask = Mask.parse(scalar(c.getValueNode(), table));
              } catch (IllegalArgumentException ex) {
                throw error(c.getValueNode(), table, column, ex.getMessage());
              }
              builder.mask(subject, table, column, mask, origin(c.getKeyNode()));
            }
          }
        }
        case "row-filters" -> {
          for (NodeTuple s : map(value, "row-filters of " + table, table)) {
            String subject = scalar(s.getKeyNode(), table);
            String text = scalar(s.getValueNode(), table);
            org.apache.iceberg.expressions.Expression filter;
            try {
              filter = io.floe.Filter.parse(text);
            } catch (io.floe.ValidationException ex) {
              throw error(
                  s.getValueNode(),
                  table,
                  null,
                  "row filter of " + subject + ": " + ex.getMessage());
            }
            builder.rowFilter(subject, table, filter, origin(s.getValueNode()));
          }
        }
        default ->
            throw error(
                e.getKeyNode(),
                table,
                null,
                "unknown key '" + key + "' in table " + table + "; use one of " + TABLE_KEYS);
      }
    }
  }

  private void grants(String target, Node node) {
    for (NodeTuple s : map(node, "grants of " + target, target)) {
      String subject = scalar(s.getKeyNode(), target);
      List<Privilege> privileges = new ArrayList<>();
      for (Node p : list(s.getValueNode(), target)) {
        try {
          privileges.add(Privilege.parse(scalar(p, target)));
        } catch (IllegalArgumentException ex) {
          throw error(p, target, null, ex.getMessage() + " (grant to " + subject + ")");
        }
      }
      if (privileges.isEmpty()) {
        throw error(s.getValueNode(), target, null, "the grant to " + subject + " is empty");
      }
      builder.grant(subject, target, privileges, origin(s.getKeyNode()));
    }
  }

  private List<NodeTuple> map(Node node, String what, String table) {
    if (node instanceof MappingNode m) {
      return m.getValue();
    }
    throw error(node, table, null, what + " must be a map");
  }

  private List<Node> list(Node node, String table) {
    if (node instanceof SequenceNode s) {
      return s.getValue();
    }
    if (node instanceof ScalarNode) {
      return List.of(node); // a single value
    }
    throw error(node, table, null, "expected a list");
  }

  private String scalar(Node node, String table) {
    if (node instanceof ScalarNode s && !s.getValue().isBlank()) {
      return s.getValue();
    }
    throw error(node, table, null, "expected a non-empty text value");
  }

  private String origin(Node node) {
    return source + " line " + line(node);
  }

  private static int line(Node node) {
    return node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
  }

  /** The line of an origin such as {@code policy.yaml line 7}, or 0. */
  static int line(String origin) {
    int i = origin.lastIndexOf(" line ");
    if (i < 0) {
      return 0;
    }
    try {
      return Integer.parseInt(origin.substring(i + 6));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private PolicyException error(Node node, String table, String column, String message) {
    int line = line(node);
    return new PolicyException(
        source + " line " + line + ": " + message, table, column, line, null);
  }
}

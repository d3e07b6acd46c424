package io.floe.impl.catalog;

import io.floe.spi.ConfigFileReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reads Floe configuration files for {@link io.floe.FloeConfig#fromFile(Path)}: YAML in PyIceberg's
 * layout (a {@code catalog} map of names to properties, parsed with snakeyaml-engine) or properties
 * files with {@code catalog.NAME.KEY=VALUE} lines. Messages name the file and the offending key or
 * line, never a value. Files are bounded before they are parsed: at most 1 MiB, YAML collections
 * nested at most 32 deep, at most 50 aliases. Thread-safe.
 */
public final class ConfigFiles implements ConfigFileReader {
  /** Creates the reader; {@link java.util.ServiceLoader} calls this. */
  public ConfigFiles() {}

  /** The largest configuration file read, in bytes; configuration files are a few KB. */
  static final int MAX_BYTES = 1 << 20;

  /** The deepest nesting of YAML collections accepted; Floe's layout needs 2. */
  static final int MAX_DEPTH = 32;

  @Override
  public Map<String, Map<String, String>> read(Path file) {
    Objects.requireNonNull(file, "file");
    String fileName = String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
    try {
      long size = Files.size(file);
      if (size > MAX_BYTES) {
        throw new IllegalArgumentException(
            "Floe configuration "
                + file
                + " has "
                + size
                + " bytes, more than the "
                + MAX_BYTES
                + " a configuration file may have");
      }
      if (fileName.endsWith(".yaml") || fileName.endsWith(".yml")) {
        // aliases bounded (no "billion laughs"), size bounded, and nesting checked on the flat
        // event
        // stream before the (recursive) composer builds the document
        LoadSettings settings =
            LoadSettings.builder()
                .setCodePointLimit(MAX_BYTES)
                .setMaxAliasesForCollections(50)
                .setAllowRecursiveKeys(false)
                .build();
        String text = Files.readString(file, StandardCharsets.UTF_8);
        checkDepth(file, settings, text);
        return fromYaml(file, new Load(settings).loadFromString(text));
      }
      Properties props = new Properties();
      try (InputStream in = Files.newInputStream(file)) {
        props.load(in);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "Malformed properties file "
                + file
                + " ("
                + e.getMessage()
                + "); expected catalog.NAME.KEY=VALUE lines",
            null);
      }
      return fromProperties(file, props);
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new IllegalArgumentException("Floe configuration " + file + " is not UTF-8 text", null);
    } catch (IOException e) {
      throw CatalogErrors.cannotReadConfiguration(file, e);
    } catch (YamlEngineException e) {
      // the parser's message may quote the offending text, which could be a secret: line only
      throw new IllegalArgumentException(
          "Malformed YAML in Floe configuration "
              + file
              + " (line "
              + yamlLine(e)
              + "); expected a 'catalog' map of names to properties",
          null);
    }
  }

  private static void checkDepth(Path file, LoadSettings settings, String text) {
    int depth = 0;
    for (Event event : new Parse(settings).parseString(text)) {
      if (event.getEventId() == Event.ID.MappingStart
          || event.getEventId() == Event.ID.SequenceStart) {
        if (++depth > MAX_DEPTH) {
          throw new IllegalArgumentException(
              "Floe configuration "
                  + file
                  + " nests collections more than "
                  + MAX_DEPTH
                  + " deep (line "
                  + event.getStartMark().map(m -> m.getLine() + 1).orElse(0)
                  + "); expected a 'catalog' map of names to properties");
        }
      } else if (event.getEventId() == Event.ID.MappingEnd
          || event.getEventId() == Event.ID.SequenceEnd) {
        depth--;
      }
    }
  }

  private static Map<String, Map<String, String>> fromYaml(Path file, Object document) {
    Map<String, Map<String, String>> catalogs = new LinkedHashMap<>();
    if (document == null) {
      return catalogs;
    }
    if (!(document instanceof Map<?, ?> root) || !(root.get("catalog") instanceof Map<?, ?> all)) {
      throw new IllegalArgumentException(
          "Floe configuration "
              + file
              + " needs a top-level 'catalog' map of catalog names to properties");
    }
    for (Map.Entry<?, ?> catalog : all.entrySet()) {
      Object name = catalog.getKey();
      if (!(catalog.getValue() instanceof Map<?, ?> map)) {
        throw new IllegalArgumentException(
            "Catalog " + name + " in " + file + " must map property keys to values");
      }
      Map<String, String> values = new LinkedHashMap<>();
      for (Map.Entry<?, ?> property : map.entrySet()) {
        Object key = property.getKey();
        Object value = property.getValue();
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
          throw new IllegalArgumentException(
              "Property '"
                  + key
                  + "' of catalog "
                  + name
                  + " in "
                  + file
                  + " must be a single value; write nested keys with dots ('s3.endpoint')");
        }
        if (value != null) {
          values.put(String.valueOf(key), String.valueOf(value));
        }
      }
      catalogs.put(String.valueOf(name), values);
    }
    return catalogs;
  }

  private static Map<String, Map<String, String>> fromProperties(Path file, Properties props) {
    Map<String, Map<String, String>> catalogs = new LinkedHashMap<>();
    for (String key : new TreeMap<>(props).keySet().stream().map(String::valueOf).toList()) {
      String[] parts = key.split("\\.", 3);
      if (parts.length < 3 || !parts[0].equals("catalog") || parts[1].isBlank()) {
        throw new IllegalArgumentException(
            "Key '"
                + key
                + "' in "
                + file
                + " is not of the form catalog.NAME.KEY (such as catalog.prod.uri)");
      }
      catalogs
          .computeIfAbsent(parts[1], n -> new LinkedHashMap<>())
          .put(parts[2], props.getProperty(key));
    }
    return catalogs;
  }

  private static String yamlLine(YamlEngineException e) {
    String message = String.valueOf(e.getMessage());
    int at = message.indexOf("line ");
    if (at < 0) {
      return "?";
    }
    int end = at + 5;
    while (end < message.length() && Character.isDigit(message.charAt(end))) {
      end++;
    }
    return message.substring(at + 5, end);
  }
}

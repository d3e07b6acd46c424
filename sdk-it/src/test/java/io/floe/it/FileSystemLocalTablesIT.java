package io.floe.it;

import io.floe.FloeConfig;
import io.floe.testkit.contract.TableContract;
import java.util.Map;

/**
 * The table contract on the file-system catalog (HadoopCatalog layout) in a local folder: its
 * concurrency test runs 8 writers, each with a Floe of its own, against one table.
 */
class FileSystemLocalTablesIT extends TableContract {
  private static FloeConfig config;

  @Override
  protected FloeConfig config() {
    synchronized (FileSystemLocalTablesIT.class) {
      if (config == null) {
        Map<String, String> props = Backends.local();
        props.put("type", FloeConfig.TYPE_FILESYSTEM);
        config = FloeConfig.of("fs", props);
      }
      return config;
    }
  }
}

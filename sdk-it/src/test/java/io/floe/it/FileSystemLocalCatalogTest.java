package io.floe.it;

import io.floe.FloeConfig;
import io.floe.testkit.contract.CatalogContract;
import java.util.Map;

/** The catalog contract on the file-system catalog (HadoopCatalog layout) in a local folder. */
class FileSystemLocalCatalogTest extends CatalogContract {
  private static FloeConfig config;

  @Override
  protected FloeConfig config() {
    synchronized (FileSystemLocalCatalogTest.class) {
      if (config == null) {
        Map<String, String> props = Backends.local();
        props.put("type", FloeConfig.TYPE_FILESYSTEM);
        config = FloeConfig.of("fs", props);
      }
      return config;
    }
  }

  @Override
  protected boolean renamesTables() {
    return false;
  }

  @Override
  protected boolean dropsKeepingFiles() {
    return false;
  }
}

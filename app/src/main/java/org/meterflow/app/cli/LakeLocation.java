package org.meterflow.app.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Where a lake command finds the lake: {@code --data-dir} and {@code --lake-dir} (a picocli mixin). */
final class LakeLocation {

  @Option(names = "--data-dir", description = "The platform's data folder (default ./meterflow-data); the lake is its lake/ folder")
  Path dataDir;

  @Option(names = "--lake-dir", description = "The lake folder itself, if not <data-dir>/lake")
  Path lakeDir;

  /** Configuration overrides for the folders given (empty when neither was). */
  Map<String, Object> overrides() {
    Map<String, Object> overrides = new LinkedHashMap<>();
    if (dataDir != null) {
      overrides.put("meterflow.data-dir", dataDir.toAbsolutePath().toString());
    }
    if (lakeDir != null) {
      overrides.put("meterflow.lake.dir", lakeDir.toAbsolutePath().toString());
    }
    return overrides;
  }
}

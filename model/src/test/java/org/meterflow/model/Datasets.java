package org.meterflow.model;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the real data sets are, for the tests that read them (in place, never written).
 *
 * <p>The root pom gives surefire and failsafe the folder as the {@code meterflow.datasets} system
 * property, {@code ${maven.multiModuleProjectDirectory}/../shared/datasets}: the folder
 * {@code shared/datasets} beside the repository. Without the property (a test started from an
 * IDE) the same folder is found from the working directory: the repository is the outermost of
 * the directories above it that hold a {@code pom.xml}. A missing folder fails the test at once,
 * saying where it looked.
 */
public final class Datasets {

  /** The system property the root pom sets for surefire and failsafe. */
  public static final String PROPERTY = "meterflow.datasets";

  private Datasets() {}

  /** The data-set folder; fails with a clear message when it does not exist. */
  public static Path root() {
    String configured = System.getProperty(PROPERTY);
    Path root = configured != null && !configured.isBlank()
        ? Path.of(configured).toAbsolutePath().normalize()
        : besideRepository();
    if (!Files.isDirectory(root)) {
      throw new IllegalStateException("no data sets at " + root + ": the tests read the real "
          + "data sets from shared/datasets beside the repository; put them there, or name their "
          + "folder with -D" + PROPERTY + "=DIR");
    }
    return root;
  }

  /** A file in the data sets, e.g. {@code resolve("london_smart_meters_2013/MAC000002.csv")}. */
  public static Path resolve(String relative) {
    return root().resolve(relative);
  }

  /** {@code ../shared/datasets} from the repository's root directory. */
  private static Path besideRepository() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir.getParent() != null && Files.isRegularFile(dir.getParent().resolve("pom.xml"))) {
      dir = dir.getParent();
    }
    return dir.resolveSibling("shared").resolve("datasets");
  }

  public static Path taylor() {
    return resolve("taylor_england_wales_demand/taylor_half_hourly_demand_MW.csv");
  }

  public static Path london(String household) {
    return resolve("london_smart_meters_2013/" + household + ".csv");
  }
}

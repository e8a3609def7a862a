package org.meterflow.app.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The folder a benchmark runs in: a new temporary one, deleted with everything in it when the run
 * ends (a 10-minute ingest run leaves tens of GB), or one the user named, which is kept.
 * Open it before the platform and close it after, e.g. as the first resource of a try.
 */
final class RunFolder implements AutoCloseable {

  private final Path path;
  private final boolean temporary;

  private RunFolder(Path path, boolean temporary) {
    this.path = path;
    this.temporary = temporary;
  }

  /** {@code chosen} if not null (kept afterwards), else a new temporary folder named {@code prefix…}. */
  static RunFolder of(Path chosen, String prefix) throws IOException {
    return chosen != null ? new RunFolder(chosen, false) : new RunFolder(Files.createTempDirectory(prefix), true);
  }

  Path path() {
    return path;
  }

  @Override
  public void close() {
    if (!temporary || !Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException | UncheckedIOException e) {
      System.err.println("could not delete the run folder " + path + ": " + e.getMessage());
    }
  }
}

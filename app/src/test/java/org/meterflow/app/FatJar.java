package org.meterflow.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shipped fat jar ({@code app/target/meterflow.jar}) run as a user runs it: {@code java -jar}
 * in a working directory of the test's choosing, with arguments and environment variables only.
 * Its output goes to a file that the test reads; {@link #close()} stops it with SIGTERM.
 */
final class FatJar implements AutoCloseable {

  static final Path JAR = Path.of(System.getProperty("meterflow.jar", "target/meterflow.jar")).toAbsolutePath();

  private final Process process;
  private final Path output;

  private FatJar(Process process, Path output) {
    this.process = process;
    this.output = output;
  }

  /** Starts {@code java -jar meterflow.jar ARGS} in {@code workDir} with {@code env} added. */
  static FatJar start(Path workDir, Map<String, String> env, String... args) throws IOException {
    if (!Files.isRegularFile(JAR)) {
      throw new IllegalStateException(JAR + " is missing: run the integration profile after `package`");
    }
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx1g", "-jar", JAR.toString()));
    command.addAll(List.of(args));
    Path output = Files.createTempFile(workDir.getParent(), "meterflow-out-", ".log");
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
        .redirectErrorStream(true).redirectOutput(output.toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("METERFLOW_"));
    builder.environment().putAll(env);
    return new FatJar(builder.start(), output);
  }

  /** Everything it printed so far. */
  String output() {
    try {
      return Files.readString(output, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /** Waits until it prints a line matching {@code pattern} (group 1 or the whole match), or fails. */
  String await(Pattern pattern, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Matcher m = pattern.matcher(output());
      if (m.find()) {
        return m.groupCount() > 0 ? m.group(1) : m.group();
      }
      if (!process.isAlive()) {
        throw new AssertionError("meterflow exited with " + process.exitValue() + " before printing '" + pattern
            + "':\n" + tail());
      }
      LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
    }
    throw new AssertionError("no '" + pattern + "' within " + timeout + ":\n" + tail());
  }

  /** Waits for it to exit on its own; its exit code, or empty after {@code timeout}. */
  Optional<Integer> awaitExit(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? Optional.of(process.exitValue()) : Optional.empty();
  }

  /** SIGTERM (as Ctrl-C / systemd stop), then waits up to {@code timeout}; the exit code. */
  int terminate(Duration timeout) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError("meterflow did not stop within " + timeout + " of SIGTERM:\n" + tail());
    }
    return process.exitValue();
  }

  String tail() {
    String all = output();
    return all.length() > 6000 ? all.substring(all.length() - 6000) : all;
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}

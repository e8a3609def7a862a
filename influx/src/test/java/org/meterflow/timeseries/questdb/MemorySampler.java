package org.meterflow.timeseries.questdb;

import io.questdb.std.MemoryTag;
import io.questdb.std.Unsafe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Memory of this JVM and of the QuestDB embedded in it, sampled every 100 ms with the peaks since
 * {@link #resetPeaks()}: QuestDB's native memory (what {@code ram.usage.limit.bytes} caps, the
 * NATIVE_* rows of memory_metrics()), the files it maps, and the process's resident set from
 * {@code /proc/self/status} (anonymous: heap and native; file: mapped column files in RAM).
 */
final class MemorySampler implements AutoCloseable {

  /** One reading of the gauges, in bytes. */
  record Sample(long questDbNative, long questDbMapped, long httpConnections, long rss, long rssAnon, long rssFile,
      long heapUsed, long heapCommitted) {

    @Override
    public String toString() {
      return String.format(Locale.ROOT,
          "QuestDB native %,6.1f MiB (HTTP connections %,5.1f), mapped %,7.1f MiB; process RSS %,7.1f MiB (anon %,7.1f, file %,7.1f);"
              + " heap %,6.1f MiB used of %,6.1f committed",
          mib(questDbNative), mib(httpConnections), mib(questDbMapped), mib(rss), mib(rssAnon), mib(rssFile), mib(heapUsed),
          mib(heapCommitted));
    }
  }

  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "memory-sampler");
    t.setDaemon(true);
    return t;
  });
  private final AtomicLong peakNative = new AtomicLong();
  private final AtomicLong peakRss = new AtomicLong();
  private final AtomicLong peakRssAnon = new AtomicLong();
  private volatile String peakTags = "";

  MemorySampler() {
    timer.scheduleAtFixedRate(this::sample, 0, 100, TimeUnit.MILLISECONDS);
  }

  /** The gauges now (and folded into the peaks). */
  Sample sample() {
    long nativeBytes = Unsafe.getRssMemUsed();
    long mapped = Unsafe.getMemUsed() - nativeBytes;
    long[] proc = procStatus();
    Runtime rt = Runtime.getRuntime();
    Sample s = new Sample(nativeBytes, mapped, Unsafe.getMemUsedByTag(MemoryTag.NATIVE_HTTP_CONN), proc[0], proc[1], proc[2],
        rt.totalMemory() - rt.freeMemory(), rt.totalMemory());
    if (s.questDbNative() > peakNative.getAndAccumulate(s.questDbNative(), Math::max)) {
      peakTags = largestTags();
    }
    peakRss.accumulateAndGet(s.rss(), Math::max);
    peakRssAnon.accumulateAndGet(s.rssAnon(), Math::max);
    return s;
  }

  long peakNative() {
    return peakNative.get();
  }

  /** The three largest NATIVE_* tags when the native peak was sampled. */
  String peakTags() {
    return peakTags;
  }

  long peakRss() {
    return peakRss.get();
  }

  long peakRssAnon() {
    return peakRssAnon.get();
  }

  void resetPeaks() {
    Sample s = sample();
    peakNative.set(s.questDbNative());
    peakTags = largestTags();
    peakRss.set(s.rss());
    peakRssAnon.set(s.rssAnon());
  }

  private static String largestTags() {
    java.util.List<long[]> tags = new java.util.ArrayList<>();
    for (int tag = MemoryTag.NATIVE_PATH; tag < MemoryTag.SIZE; tag++) {
      tags.add(new long[] {tag, Unsafe.getMemUsedByTag(tag)});
    }
    tags.sort((a, b) -> Long.compare(b[1], a[1]));
    StringBuilder out = new StringBuilder();
    for (long[] t : tags.subList(0, 3)) {
      out.append(out.length() == 0 ? "" : ", ").append(MemoryTag.nameOf((int) t[0])).append(' ')
          .append(String.format(Locale.ROOT, "%.1f", mib(t[1])));
    }
    return out.toString();
  }

  static double mib(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }

  /** VmRSS, RssAnon, RssFile in bytes (zeros where /proc is absent). */
  private static long[] procStatus() {
    long[] out = new long[3];
    Path status = Path.of("/proc/self/status");
    if (!Files.isReadable(status)) {
      return out;
    }
    try {
      for (String line : Files.readAllLines(status)) {
        int i = line.startsWith("VmRSS:") ? 0 : line.startsWith("RssAnon:") ? 1 : line.startsWith("RssFile:") ? 2 : -1;
        if (i >= 0) {
          out[i] = Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}

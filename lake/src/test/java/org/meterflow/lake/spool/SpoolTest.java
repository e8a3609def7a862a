package org.meterflow.lake.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterflow.lake.Readings;

class SpoolTest {

  @TempDir
  Path dir;

  private final List<SpoolSegment> sealed = new CopyOnWriteArrayList<>();

  @Test
  void anAppendCompletesOnceItsRowsAreInTheSegmentFile() throws Exception {
    try (Spool spool = new Spool(dir, 1 << 20, Duration.ofMinutes(5), Clock.systemUTC(), sealed::add).start()) {
      spool.append(SpoolRows.encode(Readings.series("M1", Readings.DAY1, 3))).get(10, TimeUnit.SECONDS);

      List<Path> files = segmentFiles();
      assertThat(files).hasSize(1);
      List<String> lines = Files.readAllLines(files.get(0));
      assertThat(lines).hasSize(3);
      long ts = Readings.DAY1.getEpochSecond() * 1_000_000L;
      assertThat(lines.get(0)).isEqualTo("M1,0," + ts + ",1000,0,231.5,4.2,50.01,," + (ts + 1_500_000L) + ",north,SS1,F1,DT1");
      assertThat(sealed).isEmpty();
    }
  }

  @Test
  void aSegmentIsSealedWhenItReachesTheSizeLimit() throws Exception {
    byte[] rows = SpoolRows.encode(Readings.series("M1", Readings.DAY1, 10));
    try (Spool spool = new Spool(dir, rows.length * 2L, Duration.ofMinutes(5), Clock.systemUTC(), sealed::add).start()) {
      spool.append(rows).get(10, TimeUnit.SECONDS);
      assertThat(sealed).isEmpty();
      spool.append(rows).get(10, TimeUnit.SECONDS);
      spool.append(rows).get(10, TimeUnit.SECONDS);

      assertThat(sealed).hasSize(1);
      assertThat(sealed.get(0).bytes()).isEqualTo(rows.length * 2L);
      assertThat(Files.size(sealed.get(0).file())).isEqualTo(rows.length * 2L);
      assertThat(segmentFiles()).hasSize(2);
    }
  }

  @Test
  void aSegmentIsSealedWhenItsFirstRowIsFlushIntervalOld() throws Exception {
    try (Spool spool = new Spool(dir, 1 << 20, Duration.ofMillis(300), Clock.systemUTC(), sealed::add).start()) {
      long started = System.nanoTime();
      spool.append(SpoolRows.encode(Readings.series("M1", Readings.DAY1, 2))).get(10, TimeUnit.SECONDS);
      long deadline = started + TimeUnit.SECONDS.toNanos(10);
      while (sealed.isEmpty() && System.nanoTime() < deadline) {
        java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
      }
      assertThat(sealed).hasSize(1);
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
      assertThat(Files.readAllLines(sealed.get(0).file())).hasSize(2);
    }
  }

  @Test
  void sealHandsOverTheOpenSegmentAndIgnoresAnEmptyOne() throws Exception {
    try (Spool spool = new Spool(dir, 1 << 20, Duration.ofMinutes(5), Clock.systemUTC(), sealed::add).start()) {
      spool.seal().get(10, TimeUnit.SECONDS);
      assertThat(sealed).isEmpty();
      spool.append(SpoolRows.encode(Readings.series("M1", Readings.DAY1, 2))).get(10, TimeUnit.SECONDS);
      spool.seal().get(10, TimeUnit.SECONDS);
      assertThat(sealed).hasSize(1);
    }
  }

  @Test
  void concurrentAppendsAreAllDurableAndNoLineIsTorn() throws Exception {
    try (Spool spool = new Spool(dir, 1 << 30, Duration.ofMinutes(5), Clock.systemUTC(), sealed::add).start()) {
      CompletableFuture<?>[] all = new CompletableFuture<?>[200];
      for (int i = 0; i < all.length; i++) {
        int n = i;
        all[i] = CompletableFuture.runAsync(() -> spool.append(SpoolRows.encode(
            Readings.series("M" + n, Readings.DAY1, 25))).join());
      }
      CompletableFuture.allOf(all).get(30, TimeUnit.SECONDS);
      List<String> lines = Files.readAllLines(segmentFiles().get(0));
      assertThat(lines).hasSize(200 * 25);
      assertThat(lines).allMatch(l -> l.split(",", -1).length == 14);
    }
  }

  @Test
  void recoveryDropsAnUnfinishedLastLineAndListsSegmentsOldestFirst() throws Exception {
    Files.writeString(dir.resolve("2000-aa.csv"), "M1,1,10,1,0,230,1,50,,11,,,,\nM1,2,20,1,0,2", StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("1000-bb.csv"), "M2,1,10,1,0,230,1,50,,11,,,,\n", StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("3000-cc.csv"), "no newline at all", StandardCharsets.UTF_8);

    List<SpoolSegment> left = new Spool(dir, 1 << 20, Duration.ofMinutes(5), Clock.systemUTC(), sealed::add).recover();

    assertThat(left).extracting(SpoolSegment::id).containsExactly("1000-bb", "2000-aa", "3000-cc");
    assertThat(Files.readString(dir.resolve("2000-aa.csv"))).isEqualTo("M1,1,10,1,0,230,1,50,,11,,,,\n");
    assertThat(left.get(1).bytes()).isEqualTo(Files.size(dir.resolve("2000-aa.csv")));
    assertThat(left.get(2).bytes()).isZero();
  }

  @Test
  void appendsAfterCloseFailInsteadOfBeingLost() throws Exception {
    Spool spool = new Spool(dir, 1 << 20, Duration.ofMinutes(5), Clock.systemUTC(), sealed::add).start();
    spool.append(SpoolRows.encode(Readings.series("M1", Readings.DAY1, 1))).get(10, TimeUnit.SECONDS);
    spool.close();

    assertThat(sealed).hasSize(1);
    assertThatThrownBy(() -> spool.append(SpoolRows.encode(Readings.series("M1", Readings.DAY1, 1))).join())
        .hasRootCauseInstanceOf(IllegalStateException.class);
  }

  @Test
  void textWithCommasOrQuotesIsQuoted() {
    assertThat(SpoolRows.text(new StringBuilder(), "plain").toString()).isEqualTo("plain");
    assertThat(SpoolRows.text(new StringBuilder(), "a,b").toString()).isEqualTo("\"a,b\"");
    assertThat(SpoolRows.text(new StringBuilder(), "say \"hi\"").toString()).isEqualTo("\"say \"\"hi\"\"\"");
  }

  private List<Path> segmentFiles() throws Exception {
    try (var s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
    }
  }
}

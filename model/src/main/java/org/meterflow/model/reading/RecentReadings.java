package org.meterflow.model.reading;

import java.util.Arrays;
import java.util.Optional;

/**
 * A meter's newest reading plus the timestamps and sequence numbers of its last few readings:
 * enough to recognise redelivered duplicates and to check registers against the previous value.
 * Immutable; {@link #with(Reading)} returns the next window.
 */
public final class RecentReadings {

  /** How many recent (timestamp, seq) pairs are remembered for duplicate detection. */
  public static final int WINDOW = 32;

  private static final RecentReadings EMPTY = new RecentReadings(null, new long[0], new long[0]);

  private final Reading newest;
  private final long[] epochMillis;
  private final long[] seqs;

  private RecentReadings(Reading newest, long[] epochMillis, long[] seqs) {
    this.newest = newest;
    this.epochMillis = epochMillis;
    this.seqs = seqs;
  }

  public static RecentReadings empty() {
    return EMPTY;
  }

  /** A window that knows only the given reading (e.g. the last checkpoint after recovery). */
  public static RecentReadings of(Reading reading) {
    return EMPTY.with(reading);
  }

  /** The reading with the latest timestamp seen so far, if any. */
  public Optional<Reading> newest() {
    return Optional.ofNullable(newest);
  }

  /** True when a reading with the same timestamp or the same sequence number is in the window. */
  public boolean contains(Reading reading) {
    long ts = reading.ts().toEpochMilli();
    for (int i = 0; i < epochMillis.length; i++) {
      if (epochMillis[i] == ts || seqs[i] == reading.seq()) {
        return true;
      }
    }
    return false;
  }

  /** The window after {@code reading} was accepted. */
  public RecentReadings with(Reading reading) {
    int keep = Math.min(epochMillis.length, WINDOW - 1);
    long[] ts = new long[keep + 1];
    long[] sq = new long[keep + 1];
    ts[0] = reading.ts().toEpochMilli();
    sq[0] = reading.seq();
    System.arraycopy(epochMillis, 0, ts, 1, keep);
    System.arraycopy(seqs, 0, sq, 1, keep);
    Reading next = newest == null || reading.ts().isAfter(newest.ts()) ? reading : newest;
    return new RecentReadings(next, ts, sq);
  }

  int size() {
    return epochMillis.length;
  }

  @Override
  public String toString() {
    return "RecentReadings[newest=" + newest + ", ts=" + Arrays.toString(epochMillis) + "]";
  }
}

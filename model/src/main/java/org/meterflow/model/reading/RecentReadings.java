package org.meterflow.model.reading;

import java.util.Optional;

/**
 * A meter's newest reading plus the timestamps and sequence numbers of its last few readings:
 * enough to recognise redelivered duplicates and to check registers against the previous value.
 * Immutable; {@link #with(Reading)} returns the next window.
 *
 * <p>A million of these stay resident, so the window is one {@code int[]} of pairs: each remembered
 * reading's timestamp (ms) and seq as offsets from the newest reading's. A pair too far from the
 * newest to fit an int (timestamps ~24 days apart, seqs 2^31 apart) is remembered as
 * {@link #FAR}, which matches nothing: such a reading is not recognised as a duplicate, and the
 * time-series store, keyed by (serial, ts), still keeps it once.
 */
public final class RecentReadings {

  /** How many recent (timestamp, seq) pairs are remembered for duplicate detection. */
  public static final int WINDOW = 32;

  private static final int FAR = Integer.MIN_VALUE;
  private static final RecentReadings EMPTY = new RecentReadings(null, new int[0]);

  private final Reading newest;
  /** Pairs (ts − newest.ts in ms, seq − newest.seq), newest-received first. */
  private final int[] offsets;

  private RecentReadings(Reading newest, int[] offsets) {
    this.newest = newest;
    this.offsets = offsets;
  }

  public static RecentReadings empty() {
    return EMPTY;
  }

  public static RecentReadings of(Reading reading) {
    return EMPTY.with(reading);
  }

  public Optional<Reading> newest() {
    return Optional.ofNullable(newest);
  }

  /** True when a remembered reading has the same timestamp or the same seq. */
  public boolean contains(Reading reading) {
    if (newest == null) {
      return false;
    }
    int ts = offset(reading.ts().toEpochMilli(), newest.ts().toEpochMilli());
    int seq = offset(reading.seq(), newest.seq());
    for (int i = 0; i < offsets.length; i += 2) {
      if ((ts != FAR && offsets[i] == ts) || (seq != FAR && offsets[i + 1] == seq)) {
        return true;
      }
    }
    return false;
  }

  /** The window after {@code reading}: it is remembered first, the oldest-received pair drops out. */
  public RecentReadings with(Reading reading) {
    Reading next = newest == null || reading.ts().isAfter(newest.ts()) ? reading : newest;
    int keep = Math.min(offsets.length / 2, WINDOW - 1);
    int[] shifted = new int[2 * (keep + 1)];
    long baseTs = next.ts().toEpochMilli();
    long baseSeq = next.seq();
    shifted[0] = offset(reading.ts().toEpochMilli(), baseTs);
    shifted[1] = offset(reading.seq(), baseSeq);
    long oldTs = newest == null ? 0 : newest.ts().toEpochMilli();
    long oldSeq = newest == null ? 0 : newest.seq();
    for (int i = 0; i < keep; i++) {
      shifted[2 + 2 * i] = rebase(offsets[2 * i], oldTs, baseTs);
      shifted[3 + 2 * i] = rebase(offsets[2 * i + 1], oldSeq, baseSeq);
    }
    return new RecentReadings(next, shifted);
  }

  int size() {
    return offsets.length / 2;
  }

  private static int offset(long value, long base) {
    long d = value - base;
    return d > Integer.MAX_VALUE || d <= FAR ? FAR : (int) d;
  }

  private static int rebase(int offset, long oldBase, long newBase) {
    return offset == FAR || oldBase == newBase ? offset : offset(oldBase + offset, newBase);
  }

  @Override
  public String toString() {
    return "RecentReadings[newest=" + newest + ", remembered=" + size() + "]";
  }
}

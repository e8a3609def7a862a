package org.meterflow.model.reading;

import java.util.Optional;

/**
 * A meter's newest reading plus the timestamps and sequence numbers of its last few readings:
 * enough to recognise redelivered duplicates and to check registers against the previous value.
 * Immutable; {@link #with(Reading)} returns the next window.
 *
 * <p>A million of these stay resident, so the window is one {@code int[]} of triples: each
 * remembered reading's timestamp (ms) and seq as offsets from the newest reading's, and a hash of
 * its values (to tell a redelivered copy from a conflicting duplicate). An offset too far from the
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
  /** How a reading compares with the remembered ones. */
  public enum Match {
    /** Neither its timestamp nor its seq is remembered. */
    NONE,
    /** An exact copy (timestamp, seq and values) of one remembered reading. */
    IDENTICAL,
    /** Its timestamp or seq is remembered, but not as this exact reading. */
    CONFLICTING
  }

  private static final int STRIDE = 3;

  /** Triples (ts − newest.ts in ms, seq − newest.seq, values hash), newest-received first. */
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
    return match(reading) != Match.NONE;
  }

  /** Whether {@code reading} is new, a copy of a remembered one, or a conflicting duplicate. */
  public Match match(Reading reading) {
    if (newest == null) {
      return Match.NONE;
    }
    int ts = offset(reading.ts().toEpochMilli(), newest.ts().toEpochMilli());
    int seq = offset(reading.seq(), newest.seq());
    int hash = reading.hashCode();
    Match match = Match.NONE;
    for (int i = 0; i < offsets.length; i += STRIDE) {
      boolean sameTs = ts != FAR && offsets[i] == ts;
      boolean sameSeq = seq != FAR && offsets[i + 1] == seq;
      if (sameTs && sameSeq && offsets[i + 2] == hash) {
        match = Match.IDENTICAL; // the same reading remembered twice is still the same reading
      } else if (sameTs || sameSeq) {
        return Match.CONFLICTING;
      }
    }
    return match;
  }

  /** The window after {@code reading}: it is remembered first, the oldest-received one drops out. */
  public RecentReadings with(Reading reading) {
    Reading next = newest == null || reading.ts().isAfter(newest.ts()) ? reading : newest;
    int keep = Math.min(offsets.length / STRIDE, WINDOW - 1);
    int[] shifted = new int[STRIDE * (keep + 1)];
    long baseTs = next.ts().toEpochMilli();
    long baseSeq = next.seq();
    shifted[0] = offset(reading.ts().toEpochMilli(), baseTs);
    shifted[1] = offset(reading.seq(), baseSeq);
    shifted[2] = reading.hashCode();
    long oldTs = newest == null ? 0 : newest.ts().toEpochMilli();
    long oldSeq = newest == null ? 0 : newest.seq();
    for (int i = 0; i < keep; i++) {
      int from = STRIDE * i;
      int to = STRIDE * (i + 1);
      shifted[to] = rebase(offsets[from], oldTs, baseTs);
      shifted[to + 1] = rebase(offsets[from + 1], oldSeq, baseSeq);
      shifted[to + 2] = offsets[from + 2];
    }
    return new RecentReadings(next, shifted);
  }

  int size() {
    return offsets.length / STRIDE;
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

package org.meterflow.model.quality;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Repeated rejected certificates / spoofing attempts for one serial, as a pure sliding-window
 * counter. A failure at {@code t} counts while {@code now - t < window}. When a failure brings the
 * count in the window to at least {@link TamperSettings#certFailureThreshold()}, one tamper event
 * ({@code certificate-failures}) is raised at that failure's instant; further failures only extend
 * it. It clears on the first {@link #tick} (or failure-free check) at which no failure lies in the
 * window, i.e. after a whole window of quiet.
 *
 * @param serial   the serial the failures claimed
 * @param failures instants of the failures still inside the window, oldest first
 * @param open     the open tamper event, or null
 */
public record CertificateFailureWindow(String serial, List<Instant> failures, QualityEvent open) {

  public CertificateFailureWindow {
    Objects.requireNonNull(serial, "serial");
    failures = List.copyOf(failures);
  }

  public static CertificateFailureWindow empty(String serial) {
    return new CertificateFailureWindow(serial, List.of(), null);
  }

  /** Result of one call: the new window and the event raised or cleared by it (else null). */
  public record Outcome(CertificateFailureWindow window, QualityEvent raised, QualityEvent cleared) {}

  /** Records one rejected certificate / spoofing attempt at {@code at} ({@code reason} goes into the note). */
  public Outcome onFailure(Instant at, String reason, TamperSettings s) {
    List<Instant> kept = new ArrayList<>(inWindow(at, s.certFailureWindow()));
    kept.add(at);
    if (open != null) {
      QualityEvent e = open.withEvidence(open.evidence().plus(kept.size(), open.raisedAt(), at));
      return new Outcome(new CertificateFailureWindow(serial, kept, e), null, null);
    }
    if (kept.size() >= s.certFailureThreshold()) {
      QualityEvent e = QualityEvent.meterEvent(serial, EventType.TAMPER, TamperCause.CERTIFICATE_FAILURES.code(), at,
          new Evidence(kept.size(), kept.size(), "failures", Duration.between(kept.get(0), at), kept.size(),
              reason == null ? "" : reason));
      return new Outcome(new CertificateFailureWindow(serial, kept, e), e, null);
    }
    return new Outcome(new CertificateFailureWindow(serial, kept, null), null, null);
  }

  /** Timer-driven: forgets failures that left the window and clears the event after a quiet window. */
  public Outcome tick(Instant now, TamperSettings s) {
    List<Instant> kept = inWindow(now, s.certFailureWindow());
    if (open != null && kept.isEmpty()) {
      QualityEvent c = open.clearedAt(now);
      return new Outcome(new CertificateFailureWindow(serial, kept, null), null, c);
    }
    return new Outcome(new CertificateFailureWindow(serial, kept, open), null, null);
  }

  /** Failures counted at {@code now}. */
  public int count(Instant now, TamperSettings s) {
    return inWindow(now, s.certFailureWindow()).size();
  }

  private List<Instant> inWindow(Instant now, Duration window) {
    List<Instant> kept = new ArrayList<>(failures.size());
    for (Instant t : failures) {
      if (Duration.between(t, now).compareTo(window) < 0) {
        kept.add(t);
      }
    }
    return kept;
  }
}

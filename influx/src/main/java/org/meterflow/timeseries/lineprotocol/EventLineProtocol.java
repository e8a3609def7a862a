package org.meterflow.timeseries.lineprotocol;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.meterflow.model.port.EventPoint;
import org.meterflow.model.quality.Evidence;
import org.meterflow.model.quality.QualityEvent;

/**
 * Events' state changes as line protocol, one point per change:
 * {@code events,dt=…,feeder=…,meter=…,region=…,state=raised|cleared,type=sag id="…",cause="…",
 * min=…,max=…,duration_ms=…i,samples=…i <raised or cleared at, ms>}. Tags are what dashboards group
 * by; a meter-less event (area outage, capacity) has {@code meter=none}. Same escaping as readings.
 */
public final class EventLineProtocol {

  public static final String MEASUREMENT = "events";

  private EventLineProtocol() {}

  public static List<String> lines(List<EventPoint> points) {
    List<String> lines = new ArrayList<>(points.size());
    StringBuilder sb = new StringBuilder(256);
    for (EventPoint p : points) {
      sb.setLength(0);
      append(sb, p);
      lines.add(sb.toString());
    }
    return lines;
  }

  static void append(StringBuilder sb, EventPoint point) {
    QualityEvent e = point.event();
    Evidence ev = e.evidence();
    boolean cleared = !e.isOpen();
    Instant at = cleared ? e.clearedAt() : e.raisedAt();
    sb.append(MEASUREMENT).append(",dt=");
    ReadingLineProtocol.appendLocationTag(sb, point.dt());
    sb.append(",feeder=");
    ReadingLineProtocol.appendLocationTag(sb, point.feeder());
    sb.append(",meter=");
    ReadingLineProtocol.appendLocationTag(sb, e.meter() == null ? "none" : e.meter());
    sb.append(",region=");
    ReadingLineProtocol.appendLocationTag(sb, point.region());
    sb.append(",state=").append(cleared ? "cleared" : "raised");
    sb.append(",type=");
    ReadingLineProtocol.appendLocationTag(sb, e.type().code());
    sb.append(" id=");
    appendString(sb, e.id());
    sb.append(",cause=");
    appendString(sb, e.cause() == null ? "" : e.cause());
    if (Double.isFinite(ev.min())) {
      sb.append(",min=").append(ReadingLineProtocol.plainDecimal(ev.min()));
    }
    if (Double.isFinite(ev.max())) {
      sb.append(",max=").append(ReadingLineProtocol.plainDecimal(ev.max()));
    }
    sb.append(",duration_ms=").append(ev.duration() == null ? 0 : ev.duration().toMillis()).append('i');
    sb.append(",samples=").append(ev.samples()).append('i');
    sb.append(' ').append(at.toEpochMilli());
  }

  /** A string field: quotes and backslashes escaped, control characters dropped. */
  private static void appendString(StringBuilder sb, String value) {
    sb.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (!Character.isISOControl(c)) {
        sb.append(c);
      }
    }
    sb.append('"');
  }
}

package org.meterflow.mysql.billing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import org.meterflow.model.billing.bill.BillLine;
import org.meterflow.model.billing.bill.LineKind;

/**
 * A bill's lines as one text value ({@code bills.line_items}, V10): one line per bill line, fields
 * separated by a tab — {@code kind, quantity, rate, amount, description} — an empty field for a
 * missing quantity or rate; in the description a backslash, tab or newline is escaped as
 * {@code \\}, {@code \t}, {@code \n}. Numbers keep the scale the former {@code bill_lines} columns
 * had (quantity and rate 4 decimals, amount 2), so a bill reads back exactly as before.
 */
public final class LineItems {

  /** Longest encoded value the column holds (VARCHAR). */
  public static final int MAX_LENGTH = 8000;
  /** Longest description kept (as the former column). */
  static final int MAX_DESCRIPTION = 200;

  private LineItems() {}

  public static String encode(List<BillLine> lines) {
    StringBuilder out = new StringBuilder(lines.size() * 64);
    for (BillLine l : lines) {
      if (!out.isEmpty()) {
        out.append('\n');
      }
      out.append(l.kind().name()).append('\t');
      number(out, l.quantity(), 4).append('\t');
      number(out, l.rate(), 4).append('\t');
      number(out, l.amount(), 2).append('\t');
      String d = l.description();
      escape(out, d.length() > MAX_DESCRIPTION ? d.substring(0, MAX_DESCRIPTION) : d);
    }
    if (out.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("a bill's lines take " + out.length() + " characters, more than " + MAX_LENGTH);
    }
    return out.toString();
  }

  public static List<BillLine> decode(String text) {
    List<BillLine> out = new ArrayList<>(8);
    if (text == null || text.isEmpty()) {
      return out;
    }
    int from = 0;
    while (from <= text.length()) {
      int end = text.indexOf('\n', from);
      if (end < 0) {
        end = text.length();
      }
      out.add(line(text, from, end));
      from = end + 1;
    }
    return out;
  }

  private static BillLine line(String text, int from, int end) {
    int[] tabs = new int[4];
    int at = from;
    for (int i = 0; i < 4; i++) {
      at = text.indexOf('\t', at);
      if (at < 0 || at >= end) {
        throw new IllegalArgumentException("malformed bill line: " + text.substring(from, end));
      }
      tabs[i] = at++;
    }
    return new BillLine(LineKind.valueOf(text.substring(from, tabs[0])), unescape(text, tabs[3] + 1, end),
        parse(text, tabs[0] + 1, tabs[1]), parse(text, tabs[1] + 1, tabs[2]), parse(text, tabs[2] + 1, tabs[3]));
  }

  private static StringBuilder number(StringBuilder out, BigDecimal v, int scale) {
    return v == null ? out : out.append(v.setScale(scale, RoundingMode.HALF_UP).toPlainString());
  }

  private static BigDecimal parse(String text, int from, int to) {
    return from == to ? null : new BigDecimal(text.substring(from, to));
  }

  private static void escape(StringBuilder out, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        default -> out.append(c);
      }
    }
  }

  private static String unescape(String text, int from, int to) {
    if (text.indexOf('\\', from) < 0 || text.indexOf('\\', from) >= to) {
      return text.substring(from, to);
    }
    StringBuilder out = new StringBuilder(to - from);
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < to) {
        char n = text.charAt(++i);
        out.append(switch (n) {
          case 't' -> '\t';
          case 'n' -> '\n';
          case 'r' -> '\r';
          default -> n;
        });
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}

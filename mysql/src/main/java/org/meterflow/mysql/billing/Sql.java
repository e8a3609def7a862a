package org.meterflow.mysql.billing;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Small R2DBC helpers: positional binding with typed nulls, row mapping, UTC timestamps. */
final class Sql {

  /** A SQL NULL of a column type (R2DBC needs the type to bind a null). */
  record Null(Class<?> type) {}

  static final Null NULL_STRING = new Null(String.class);
  static final Null NULL_DOUBLE = new Null(Double.class);
  static final Null NULL_DECIMAL = new Null(java.math.BigDecimal.class);
  static final Null NULL_INT = new Null(Integer.class);
  static final Null NULL_TIMESTAMP = new Null(LocalDateTime.class);

  private final BillingDatabase db;

  Sql(BillingDatabase db) {
    this.db = db;
  }

  Statement statement(Connection c, String sql, List<?> args) {
    Statement s = c.createStatement(db.sql(sql));
    for (int i = 0; i < args.size(); i++) {
      Object a = args.get(i);
      if (a instanceof Null n) {
        s.bindNull(i, n.type());
      } else {
        s.bind(i, a);
      }
    }
    return s;
  }

  /** Rows updated by {@code sql} on {@code c}. */
  Mono<Long> update(Connection c, String sql, List<?> args) {
    return Flux.from(statement(c, sql, args).execute())
        .flatMap(r -> Mono.from(r.getRowsUpdated()))
        .reduce(0L, Long::sum);
  }

  /**
   * Inserts {@code rows} ({@code columns} values each) with {@code insertPrefix} ("INSERT INTO t (a, b) VALUES "):
   * on H2 one prepared statement with a binding per row (parsed once), on MySQL/MariaDB multi-row
   * VALUES of {@code chunk} rows (one round trip each).
   */
  Mono<Long> insertRows(Connection c, String insertPrefix, int columns, List<List<Object>> rows, int chunk) {
    if (rows.isEmpty()) {
      return Mono.just(0L);
    }
    if (db.h2()) {
      Statement s = c.createStatement(db.sql(insertPrefix + values(1, columns)));
      for (int r = 0; r < rows.size(); r++) {
        if (r > 0) {
          s.add();
        }
        List<Object> row = rows.get(r);
        for (int i = 0; i < row.size(); i++) {
          Object a = row.get(i);
          if (a instanceof Null n) {
            s.bindNull(i, n.type());
          } else {
            s.bind(i, a);
          }
        }
      }
      return Flux.from(s.execute()).flatMap(r -> Mono.from(r.getRowsUpdated())).reduce(0L, Long::sum);
    }
    return Flux.range(0, (rows.size() + chunk - 1) / chunk).concatMap(k -> {
      List<List<Object>> part = rows.subList(k * chunk, Math.min(rows.size(), (k + 1) * chunk));
      List<Object> args = new java.util.ArrayList<>(part.size() * columns);
      part.forEach(args::addAll);
      return update(c, insertPrefix + values(part.size(), columns), args);
    }).reduce(0L, Long::sum);
  }

  /** Runs {@code sql} once per row of arguments as one JDBC batch on {@code c}. */
  static void jdbcBatch(java.sql.Connection c, String sql, List<List<Object>> rows) throws java.sql.SQLException {
    if (rows.isEmpty()) {
      return;
    }
    try (java.sql.PreparedStatement s = c.prepareStatement(sql)) {
      for (List<Object> row : rows) {
        for (int i = 0; i < row.size(); i++) {
          Object a = row.get(i);
          if (a instanceof Null n) {
            s.setNull(i + 1, sqlType(n.type()));
          } else {
            s.setObject(i + 1, a);
          }
        }
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  private static int sqlType(Class<?> type) {
    if (type == String.class) {
      return java.sql.Types.VARCHAR;
    }
    if (type == Double.class) {
      return java.sql.Types.DOUBLE;
    }
    if (type == java.math.BigDecimal.class) {
      return java.sql.Types.DECIMAL;
    }
    if (type == Integer.class) {
      return java.sql.Types.INTEGER;
    }
    if (type == LocalDateTime.class) {
      return java.sql.Types.TIMESTAMP;
    }
    return java.sql.Types.OTHER;
  }

  /** {@code sql}'s rows, each mapped, on a connection of its own. */
  <T> Flux<T> query(String sql, List<?> args, Function<Row, T> map) {
    return Flux.usingWhen(db.factory().create(),
        c -> Flux.from(statement(c, sql, args).execute()).flatMap(r -> r.map((row, meta) -> map.apply(row))),
        Connection::close);
  }

  /** Runs {@code work} in a transaction on a connection of its own. */
  Mono<Void> transaction(Function<Connection, Mono<?>> work) {
    return Mono.usingWhen(db.factory().create(),
        c -> Mono.from(c.beginTransaction())
            .then(work.apply(c))
            .then(Mono.from(c.commitTransaction()))
            .onErrorResume(e -> Mono.from(c.rollbackTransaction()).onErrorResume(x -> Mono.empty()).then(Mono.error(e))),
        Connection::close);
  }

  /** Runs {@code work} on a connection of its own, in auto-commit. */
  Mono<Void> withConnection(Function<Connection, Mono<?>> work) {
    return Mono.usingWhen(db.factory().create(), c -> work.apply(c).then(), Connection::close);
  }

  /** "(?, ?, ?), (?, ?, ?)" for {@code rows} rows of {@code columns} columns. */
  static String values(int rows, int columns) {
    StringBuilder one = new StringBuilder("(");
    for (int i = 0; i < columns; i++) {
      one.append(i == 0 ? "?" : ", ?");
    }
    one.append(')');
    StringBuilder all = new StringBuilder(rows * one.length() + rows * 2);
    for (int r = 0; r < rows; r++) {
      if (r > 0) {
        all.append(", ");
      }
      all.append(one);
    }
    return all.toString();
  }

  static LocalDateTime utc(Instant i) {
    return LocalDateTime.ofInstant(i, ZoneOffset.UTC);
  }

  static Instant instant(LocalDateTime t) {
    return t == null ? null : t.toInstant(ZoneOffset.UTC);
  }

  static Object orNull(Object v, Null type) {
    return v == null ? type : v;
  }

  static boolean bool(Row row, String column) {
    Object v = row.get(column);
    if (v instanceof Boolean b) {
      return b;
    }
    return v instanceof Number n && n.intValue() != 0;
  }

  static int integer(Row row, String column) {
    Object v = row.get(column);
    return v == null ? 0 : ((Number) v).intValue();
  }

  static Double dbl(Row row, String column) {
    Object v = row.get(column);
    return v == null ? null : ((Number) v).doubleValue();
  }
}

package org.meterflow.http.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.HttpMethod;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Rejection;
import org.apache.pekko.http.javadsl.server.Rejections;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Every route of the HTTP server, declared once as (method, path template, access, handler). The
 * declaration is the only way to add a route: {@link #route} builds the pekko-http route from the
 * catalog, so a route cannot exist without being listed by {@link #operations()}, which the
 * OpenAPI test compares with {@code openapi.yaml} (docs/decisions.md §26).
 *
 * <p>Templates are absolute paths in OpenAPI syntax: literal segments, {@code {name}} (one
 * segment, percent-decoded), {@code {name}.ext} (one segment ending in {@code .ext}) and, last
 * only, {@code {name...}} (one or more remaining segments, e.g. static files). A request runs the
 * first declaration whose template and method both match; a path that matches some template but
 * none with its method is rejected with those methods (405), one that matches none is rejected
 * empty (404, "no such route").
 */
public final class RouteCatalog {

  /** Who may call: anyone, a bearer token, or a bearer token also as {@code access_token} (WebSocket). */
  public enum Access { PUBLIC, TOKEN, TOKEN_OR_QUERY }

  /** API routes are in the OpenAPI document; pages and static files of the built-in dashboard are not. */
  public enum Kind { API, PAGE }

  /** One declared route, as listed: method name (GET, POST, …), template, access, kind. */
  public record Operation(String method, String template, Access access, Kind kind) {}

  /** Answers one request: {@code caller} is null on {@link Access#PUBLIC} routes. */
  @FunctionalInterface
  public interface Handler {
    Route handle(Caller caller, PathParams params);
  }

  /** The values of a matched template's parameters, by name. */
  public static final class PathParams {
    private final Map<String, String> values;

    PathParams(Map<String, String> values) {
      this.values = values;
    }

    public String get(String name) {
      String v = values.get(name);
      if (v == null) {
        throw new IllegalArgumentException("no path parameter " + name);
      }
      return v;
    }
  }

  private record Segment(String literal, String param, String suffix, boolean rest) {

    static Segment parse(String s, boolean last, String template) {
      if (!s.startsWith("{")) {
        if (s.contains("{") || s.contains("}")) {
          throw new IllegalArgumentException("bad segment '" + s + "' in " + template);
        }
        return new Segment(s, null, null, false);
      }
      int close = s.indexOf('}');
      if (close < 0) {
        throw new IllegalArgumentException("unclosed parameter in " + template);
      }
      String name = s.substring(1, close);
      String suffix = s.substring(close + 1);
      boolean rest = name.endsWith("...");
      if (rest) {
        name = name.substring(0, name.length() - 3);
        if (!last || !suffix.isEmpty()) {
          throw new IllegalArgumentException("{" + name + "...} must be the whole last segment in " + template);
        }
      }
      if (name.isEmpty() || suffix.contains("{")) {
        throw new IllegalArgumentException("bad parameter in " + template);
      }
      return new Segment(null, name, suffix, rest);
    }
  }

  private record Entry(Operation operation, List<Segment> segments, Handler handler) {

    /** The parameters when {@code path} matches the template, else null. */
    Map<String, String> match(List<String> path) {
      Map<String, String> params = new LinkedHashMap<>();
      for (int i = 0; i < segments.size(); i++) {
        Segment s = segments.get(i);
        if (i >= path.size()) {
          return null;
        }
        String p = path.get(i);
        if (s.rest()) {
          List<String> tail = path.subList(i, path.size());
          if (tail.stream().anyMatch(String::isEmpty)) {
            return null;
          }
          params.put(s.param(), String.join("/", tail));
          return params;
        }
        if (s.literal() != null) {
          if (!s.literal().equals(p)) {
            return null;
          }
        } else {
          if (p.length() <= s.suffix().length() || !p.endsWith(s.suffix())) {
            return null;
          }
          params.put(s.param(), p.substring(0, p.length() - s.suffix().length()));
        }
      }
      return segments.size() == path.size() ? params : null;
    }
  }

  private final List<Entry> entries = new ArrayList<>();

  /** Declares an API route. */
  public RouteCatalog add(HttpMethod method, String template, Access access, Handler handler) {
    return add(method, template, access, Kind.API, handler);
  }

  /** Declares a route of the given kind. */
  public RouteCatalog add(HttpMethod method, String template, Access access, Kind kind, Handler handler) {
    Objects.requireNonNull(handler, "handler");
    if (!template.startsWith("/")) {
      throw new IllegalArgumentException("templates are absolute: " + template);
    }
    String name = method.name().toUpperCase(Locale.ROOT);
    for (Entry e : entries) {
      if (e.operation().method().equals(name) && e.operation().template().equals(template)) {
        throw new IllegalArgumentException("declared twice: " + name + " " + template);
      }
    }
    List<String> parts = split(template);
    List<Segment> segments = new ArrayList<>(parts.size());
    for (int i = 0; i < parts.size(); i++) {
      segments.add(Segment.parse(parts.get(i), i == parts.size() - 1, template));
    }
    entries.add(new Entry(new Operation(name, template, access, kind), List.copyOf(segments), handler));
    return this;
  }

  public RouteCatalog get(String template, Access access, Handler handler) {
    return add(HttpMethods.GET, template, access, handler);
  }

  public RouteCatalog post(String template, Access access, Handler handler) {
    return add(HttpMethods.POST, template, access, handler);
  }

  public RouteCatalog put(String template, Access access, Handler handler) {
    return add(HttpMethods.PUT, template, access, handler);
  }

  public RouteCatalog delete(String template, Access access, Handler handler) {
    return add(HttpMethods.DELETE, template, access, handler);
  }

  /** Everything declared, in declaration (= matching) order. */
  public List<Operation> operations() {
    return Collections.unmodifiableList(entries.stream().map(Entry::operation).toList());
  }

  /**
   * The pekko-http route over the whole catalog. {@code guard} wraps the chosen handler with its
   * access check: given the operation and the handler to call with the authenticated caller (null
   * when public), it returns the route to run.
   */
  Route route(AllDirectives d, BiFunction<Operation, Function<Caller, Route>, Route> guard) {
    return d.extractMethod(method -> d.extractUnmatchedPath(rawPath -> {
      List<String> path = decode(split(rawPath));
      String name = method.name().toUpperCase(Locale.ROOT);
      List<Rejection> wrongMethod = new ArrayList<>();
      for (Entry e : entries) {
        Map<String, String> params = e.match(path);
        if (params == null) {
          continue;
        }
        if (e.operation().method().equals(name)) {
          PathParams values = new PathParams(params);
          return guard.apply(e.operation(), caller -> e.handler().handle(caller, values));
        }
        HttpMethods.lookup(e.operation().method()).ifPresent(m -> wrongMethod.add(Rejections.method(m)));
      }
      return wrongMethod.isEmpty()
          ? d.reject()
          : d.reject(wrongMethod.get(0), wrongMethod.subList(1, wrongMethod.size()).toArray(Rejection[]::new));
    }));
  }

  /** {@code /a/b} → [a, b]; {@code /} → [""]; a trailing slash gives a trailing empty segment. */
  private static List<String> split(String path) {
    String p = path.startsWith("/") ? path.substring(1) : path;
    return List.of(p.split("/", -1));
  }

  private static List<String> decode(List<String> raw) {
    List<String> out = new ArrayList<>(raw.size());
    for (String s : raw) {
      try {
        out.add(s.indexOf('%') < 0 ? s : URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        out.add(s); // a malformed escape: matches literally, i.e. nothing but a parameter
      }
    }
    return out;
  }
}

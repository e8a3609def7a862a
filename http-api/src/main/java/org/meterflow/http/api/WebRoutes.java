package org.meterflow.http.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The built-in pages, served from the jar without a token (they hold no data; the data comes from
 * the API with the token the person pastes): {@code /} (sign-in), {@code /consumer.html},
 * {@code /utility.html}, their scripts and styles under {@code /app/}, and the chart library's
 * WebJar under {@code /assets/uplot/}. Pages and scripts are revalidated on every load
 * ({@code no-cache}, with {@code Last-Modified}); the versioned library is cached for a week.
 */
final class WebRoutes extends RouteSupport {

  static final String UPLOT_VERSION = webJarVersion("uplot");
  /** Files are in flat folders: plain names only. */
  private static final java.util.regex.Pattern FILE = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final RawHeader REVALIDATE = RawHeader.create("Cache-Control", "no-cache");
  private static final RawHeader LIBRARY = RawHeader.create("Cache-Control", "public, max-age=604800");

  /** Public pages: no data in them. Library files by plain name only (no path, no traversal). */
  void declare(RouteCatalog routes) {
    routes.add(HttpMethods.GET, "/", RouteCatalog.Access.PUBLIC, RouteCatalog.Kind.PAGE, (caller, p) -> page("web/index.html"))
        .add(HttpMethods.GET, "/consumer.html", RouteCatalog.Access.PUBLIC, RouteCatalog.Kind.PAGE,
            (caller, p) -> page("web/consumer.html"))
        .add(HttpMethods.GET, "/utility.html", RouteCatalog.Access.PUBLIC, RouteCatalog.Kind.PAGE,
            (caller, p) -> page("web/utility.html"))
        .add(HttpMethods.GET, "/app/{file}", RouteCatalog.Access.PUBLIC, RouteCatalog.Kind.PAGE,
            (caller, p) -> FILE.matcher(p.get("file")).matches()
                ? respondWithHeader(REVALIDATE, () -> getFromResource("web/app/" + p.get("file")))
                : notFound("no such file"))
        .add(HttpMethods.GET, "/assets/uplot/dist/{file}", RouteCatalog.Access.PUBLIC, RouteCatalog.Kind.PAGE,
            (caller, p) -> FILE.matcher(p.get("file")).matches()
                ? respondWithHeader(LIBRARY, () -> getFromResource("META-INF/resources/webjars/uplot/" + UPLOT_VERSION
                    + "/dist/" + p.get("file")))
                : notFound("no such file"));
  }

  private Route page(String resource) {
    return respondWithHeader(REVALIDATE, () -> getFromResource(resource));
  }

  /** The version of a WebJar on the class path, from its Maven metadata. */
  static String webJarVersion(String artifact) {
    String name = "META-INF/maven/org.webjars.npm/" + artifact + "/pom.properties";
    try (InputStream in = WebRoutes.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("WebJar " + artifact + " is not on the class path (" + name + ")");
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

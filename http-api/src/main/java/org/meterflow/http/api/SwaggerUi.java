package org.meterflow.http.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Swagger UI at {@code /api/docs/} over {@code /api/v1/openapi.yaml}, served from the
 * {@code org.webjars:swagger-ui} jar on the classpath (no CDN); its initializer is ours
 * ({@code openapi/swagger-initializer.js}). Public pages: the document they show is public too.
 */
final class SwaggerUi extends RouteSupport {

  /** The files of the distribution are all in one folder: plain names only, no path. */
  private static final Pattern FILE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  /** The dashboard's policy plus {@code data:} images, which Swagger UI's stylesheet uses for icons. */
  private static final RawHeader CSP = RawHeader.create("Content-Security-Policy",
      "default-src 'self'; img-src 'self' data:; script-src 'self'; style-src 'self' 'unsafe-inline'; "
          + "connect-src 'self'; frame-ancestors 'none'");

  private final String base;

  SwaggerUi() {
    this.base = "META-INF/resources/webjars/swagger-ui/" + version() + "/";
  }

  void declare(RouteCatalog routes) {
    routes.add(HttpMethods.GET, "/api/docs", RouteCatalog.Access.PUBLIC, RouteCatalog.Kind.PAGE,
            (caller, p) -> redirect(Uri.create("/api/docs/"), StatusCodes.PERMANENT_REDIRECT))
        .add(HttpMethods.GET, "/api/docs/", RouteCatalog.Access.PUBLIC, RouteCatalog.Kind.PAGE,
            (caller, p) -> page(() -> getFromResource(base + "index.html")))
        .add(HttpMethods.GET, "/api/docs/swagger-initializer.js", RouteCatalog.Access.PUBLIC, RouteCatalog.Kind.PAGE,
            (caller, p) -> page(() -> getFromResource("openapi/swagger-initializer.js")))
        .add(HttpMethods.GET, "/api/docs/{file}", RouteCatalog.Access.PUBLIC, RouteCatalog.Kind.PAGE,
            (caller, p) -> FILE.matcher(p.get("file")).matches()
                ? page(() -> getFromResource(base + p.get("file")))
                : notFound("no such file"));
  }

  private Route page(Supplier<Route> inner) {
    return respondWithHeader(CSP, inner);
  }

  private static String version() {
    String properties = "META-INF/maven/org.webjars/swagger-ui/pom.properties";
    try (InputStream in = SwaggerUi.class.getClassLoader().getResourceAsStream(properties)) {
      if (in == null) {
        throw new IllegalStateException(properties + " missing: is org.webjars:swagger-ui on the classpath?");
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

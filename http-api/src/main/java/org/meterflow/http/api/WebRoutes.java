package org.meterflow.http.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
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
  private static final RawHeader REVALIDATE = RawHeader.create("Cache-Control", "no-cache");
  private static final RawHeader LIBRARY = RawHeader.create("Cache-Control", "public, max-age=604800");

  Route routes() {
    return get(() -> concat(
        pathSingleSlash(() -> page("web/index.html")),
        path("consumer.html", () -> page("web/consumer.html")),
        path("utility.html", () -> page("web/utility.html")),
        pathPrefix("app", () -> respondWithHeader(REVALIDATE, () -> getFromResourceDirectory("web/app"))),
        pathPrefix("assets", () -> pathPrefix("uplot", () -> pathPrefix("dist", () -> respondWithHeader(LIBRARY,
            () -> getFromResourceDirectory("META-INF/resources/webjars/uplot/" + UPLOT_VERSION + "/dist")))))));
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

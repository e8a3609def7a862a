package org.meterflow.http.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.MediaTypes;

/**
 * The hand-written OpenAPI 3.0 description of the API, served at {@code GET /api/v1/openapi.yaml}
 * from the resource {@value #RESOURCE}. {@code OpenApiRoutesTest} (app) checks it against the
 * {@link RouteCatalog} of a running platform in both directions.
 */
public final class OpenApiDocument {

  public static final String RESOURCE = "openapi/openapi.yaml";

  /** {@code application/yaml} (RFC 9512), UTF-8. */
  public static final ContentType.WithFixedCharset CONTENT_TYPE =
      ContentTypes.create(MediaTypes.applicationWithFixedCharset("yaml", HttpCharsets.UTF_8));

  private static final byte[] YAML = load();

  private OpenApiDocument() {}

  /** The document's bytes (UTF-8). */
  public static byte[] yaml() {
    return YAML.clone();
  }

  private static byte[] load() {
    try (InputStream in = OpenApiDocument.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("resource " + RESOURCE + " missing from the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

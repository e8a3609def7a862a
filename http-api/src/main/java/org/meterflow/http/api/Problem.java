package org.meterflow.http.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCode;

/** RFC 9457 problem details, the body of every error response ({@code application/problem+json}). */
public final class Problem {

  public static final ContentType.WithFixedCharset PROBLEM_JSON =
      ContentTypes.create(MediaTypes.applicationWithFixedCharset("problem+json", HttpCharsets.UTF_8));

  /**
   * The {@code type} of a 404 for a path that no route declares (unlike a 404 for a meter or bill
   * that does not exist, which keeps {@code about:blank}).
   */
  public static final String NO_SUCH_ROUTE = "urn:meterflow:problem:no-such-route";

  /** The {@code type} of a 405: the path exists, not with this method. */
  public static final String METHOD_NOT_ALLOWED = "urn:meterflow:problem:method-not-allowed";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Problem() {}

  public static HttpResponse response(StatusCode status, String title, String detail) {
    return response(status, title, detail, Map.of());
  }

  /** With extension members (RFC 9457 §3.2), e.g. the per-row errors of a batch. */
  public static HttpResponse response(StatusCode status, String title, String detail, Map<String, Object> extensions) {
    return response(status, "about:blank", title, detail, extensions);
  }

  /** With a problem {@code type} URI other than {@code about:blank}. */
  public static HttpResponse response(StatusCode status, String type, String title, String detail,
      Map<String, Object> extensions) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", type);
    body.put("title", title);
    body.put("status", status.intValue());
    if (detail != null) {
      body.put("detail", detail);
    }
    body.putAll(extensions);
    String json;
    try {
      json = MAPPER.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      json = "{\"title\":\"error\",\"status\":" + status.intValue() + "}";
    }
    return HttpResponse.create().withStatus(status).withEntity(HttpEntities.create(PROBLEM_JSON, json));
  }
}

package org.meterflow.http.api;

import static org.meterflow.http.api.RouteCatalog.Access.TOKEN;

import java.util.List;
import java.util.Map;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.meterflow.model.network.AssetKind;
import org.meterflow.model.network.RatedAsset;
import org.meterflow.model.network.RatingsCsv;

/**
 * Network ratings, staff only: {@code GET /api/v1/network?kind=&region=},
 * {@code PUT /api/v1/network/dts/{dt}} ({@code {"region","feeder","ratedKva"}}),
 * {@code PUT /api/v1/network/feeders/{feeder}} ({@code {"region","ratedKva"}}) and
 * {@code POST /api/v1/network/import} (a ratings CSV; all lines or none).
 */
final class NetworkRoutes extends RouteSupport {

  /** Body of the PUTs. */
  record RatingRequest(String region, String feeder, Double ratedKva) {}

  record UpsertView(NetworkAdmin.AssetView asset, boolean created) {}

  record ImportView(int imported, int created, int updated) {}

  private final NetworkAdmin network;

  NetworkRoutes(NetworkAdmin network) {
    this.network = network;
  }

  void declare(RouteCatalog routes) {
    routes.get("/api/v1/network", TOKEN, (caller, p) -> staff(caller, this::list))
        .put("/api/v1/network/dts/{dt}", TOKEN, (caller, p) -> staff(caller, () -> rating(AssetKind.DT, p.get("dt"))))
        .put("/api/v1/network/feeders/{feeder}", TOKEN,
            (caller, p) -> staff(caller, () -> rating(AssetKind.FEEDER, p.get("feeder"))))
        .post("/api/v1/network/import", TOKEN,
            (caller, p) -> staff(caller, () -> entity(Unmarshaller.entityToString(), this::importCsv)));
  }

  private Route staff(Caller caller, java.util.function.Supplier<Route> inner) {
    return caller.isStaff()
        ? inner.get()
        : problem(StatusCodes.FORBIDDEN, "Forbidden", "network data is for utility staff");
  }

  private Route list() {
    return parameterOptional("kind", kind -> parameterOptional("region", region -> {
          AssetKind k;
          try {
            k = kind.map(AssetKind::ofCode).orElse(null);
          } catch (IllegalArgumentException e) {
            return badRequest(e.getMessage());
          }
          return onComplete(network.list(k, region.orElse(null)), r -> r.isFailure() ? unavailable()
              : ok(Map.of("assets", r.get().stream().map(NetworkAdmin.AssetView::of).toList())));
    }));
  }

  private Route rating(AssetKind kind, String id) {
    return entity(Json.unmarshaller(RatingRequest.class), body -> {
      RatedAsset asset;
      try {
        if (body.ratedKva() == null) {
          return badRequest("ratedKva is required");
        }
        String feeder = kind == AssetKind.FEEDER ? (body.feeder() == null ? id : body.feeder()) : body.feeder();
        asset = new RatedAsset(kind, id, body.region(), feeder, body.ratedKva());
      } catch (IllegalArgumentException e) {
        return badRequest(e.getMessage());
      }
      return onComplete(network.upsert(asset), r -> r.isFailure() ? unavailable()
          : complete(r.get() ? StatusCodes.CREATED : StatusCodes.OK,
              new UpsertView(NetworkAdmin.AssetView.of(asset), r.get()), Json.marshaller()));
    });
  }

  private Route importCsv(String text) {
    RatingsCsv.Parsed parsed = RatingsCsv.parse(text);
    if (!parsed.errors().isEmpty()) {
      List<String> lines = parsed.errors().stream().limit(20).map(e -> "line " + e.line() + ": " + e.message()).toList();
      return badRequest("nothing imported; " + parsed.errors().size() + " bad line(s): " + String.join("; ", lines));
    }
    if (parsed.assets().isEmpty()) {
      return badRequest("no assets in the file");
    }
    return onComplete(network.upsertAll(parsed.assets()), r -> r.isFailure() ? unavailable()
        : ok(new ImportView(parsed.assets().size(), r.get(), parsed.assets().size() - r.get())));
  }

  private Route unavailable() {
    return problem(StatusCodes.SERVICE_UNAVAILABLE, "Service Unavailable", "network database unavailable");
  }
}

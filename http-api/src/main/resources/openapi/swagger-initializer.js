// Swagger UI at /api/docs/ (served from the swagger-ui WebJar): shows this server's OpenAPI document.
window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: "../v1/openapi.yaml",
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    plugins: [SwaggerUIBundle.plugins.DownloadUrl],
    layout: "StandaloneLayout"
  });
};

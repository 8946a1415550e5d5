// Starts Swagger UI on the API reference page (templates/opendata/api_docs.html).
// A static file rather than an inline script, so the Content-Security-Policy needs no exception.
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  if (!root || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  window.SwaggerUIBundle({
    url: root.getAttribute("data-openapi-url"),
    domNode: root,
    deepLinking: true,
    // The default validator badge is an image from another host; nothing here may load from one.
    validatorUrl: null,
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    supportedSubmitMethods: ["get"],
  });
})();

// "Print fact sheet" buttons print the page. They are shown only where scripts run (site.css: the scripting media
// feature), from the first paint, so that nothing moves when this deferred script arrives. Without JavaScript
// the page says that the browser's own Print gives the same fact sheet.
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.addEventListener("click", function () {
    window.print();
  });
});

// "Print fact sheet" buttons: hidden until this script runs (printing needs JavaScript), then they print.
// Without JavaScript the page says that the browser's own Print gives the same fact sheet.
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () {
    window.print();
  });
});

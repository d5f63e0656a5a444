// A page that answers a form with errors far from where the reader is (the UGEL's review, below a
// matrix thousands of pixels long) opens on its error summary: <div data-enfocar tabindex="-1">
// gets the focus, so a screen reader reads it and Tab goes on from there. Its links lead to the fields.
(function () {
  "use strict";
  var resumen = document.querySelector("[data-enfocar]");
  if (resumen) {
    resumen.focus();
  }
  // A link to a field focuses the field too (not only scrolls to it).
  document.addEventListener("click", function (evento) {
    var enlace = evento.target.closest("[data-enfocar] a[href^='#']");
    var campo = enlace && document.getElementById(enlace.getAttribute("href").slice(1));
    if (campo && campo.matches("input, textarea, select")) {
      evento.preventDefault();
      campo.focus();
      campo.scrollIntoView({ block: "center" });
    }
  });
})();

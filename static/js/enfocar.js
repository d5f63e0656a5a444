// THE error summary mechanism of every form (templates/_resumen_errores.html, which crispy's
// errors.html includes, and the balance's _errores_campos.html): a page that answers a form with
// errors opens on its summary — <div role="alert" data-enfocar tabindex="-1"> gets the focus, so a
// screen reader reads it and Tab goes on from there — and the summary's links focus their field (not
// only scroll to it). Loaded by the summary itself, or by a page that always has one (the balance's
// editor, its review); loaded twice, it acts once.
(function () {
  "use strict";
  if (window.chasquiEnfocar) return;
  window.chasquiEnfocar = true;

  var CONTROL = "input:not([type=hidden]), textarea, select, button, [tabindex]";
  // A field, or the first control inside a group (a fieldset of radios, a list's box).
  function campoDe(id) {
    var el = id && document.getElementById(id);
    if (!el) return null;
    return el.matches(CONTROL) ? el : el.querySelector(CONTROL);
  }
  function enfocarCampo(id) {
    var campo = campoDe(id);
    if (!campo) return false;
    campo.focus({ preventScroll: true });
    campo.scrollIntoView({ block: "center" });
    return true;
  }
  function alCargar() {
    var resumen = Array.prototype.find.call(document.querySelectorAll("[data-enfocar]"), function (r) {
      return !r.hidden && r.offsetParent !== null;
    });
    if (resumen) resumen.focus();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", alCargar);
  else alCargar();

  document.addEventListener("click", function (evento) {
    var enlace = evento.target.closest &&
      evento.target.closest("[data-enfocar] a[href^='#'], .resumen-errores a[href^='#'], a[data-campo]");
    if (!enlace) return;
    var id = enlace.dataset.campo || enlace.getAttribute("href").slice(1);
    if (enfocarCampo(id)) evento.preventDefault();
  });
})();

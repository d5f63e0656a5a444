// The director's matrix: character counters, and a last save when the tab is hidden or closed.
// Autosave itself is htmx (hx-post on the form); this file only covers what htmx does not.
(function () {
  "use strict";
  var form = document.getElementById("form-matriz");

  document.querySelectorAll("[data-contador]").forEach(function (campo) {
    var limite = parseInt(campo.dataset.contador, 10);
    var contador = document.createElement("div");
    contador.className = "contador";
    contador.setAttribute("aria-live", "polite");
    campo.insertAdjacentElement("afterend", contador);
    function actualizar() {
      var n = campo.value.length;
      contador.textContent = n + " / " + limite;
      contador.classList.toggle("cerca", n > limite * 0.9);
    }
    campo.addEventListener("input", actualizar);
    actualizar();
  });

  if (!form) return;
  var pendiente = false;
  var estado = document.getElementById("autoguardado");

  form.addEventListener("input", function () { pendiente = true; });
  // A conflict stops autosave: the director decides with the full-page save.
  form.addEventListener("htmx:confirm", function (e) {
    if (form.dataset.pausado) { e.preventDefault(); }
  });
  form.addEventListener("htmx:beforeRequest", function () { pendiente = false; });
  form.addEventListener("htmx:afterSwap", function () {
    if (estado.querySelector("[data-conflicto]")) { form.dataset.pausado = "1"; }
  });
  form.addEventListener("htmx:sendError", function () {
    pendiente = true;
    estado.innerHTML = '<span class="text-warning-emphasis fw-semibold">' +
      "Sin conexión: lo que escribes sigue aquí y se guardará cuando vuelva la conexión.</span>";
  });
  // Submitting the page saves everything: no background save may race it.
  form.addEventListener("submit", function () { form.dataset.pausado = "1"; pendiente = false; });

  function ultimoGuardado() {
    if (!pendiente || form.dataset.pausado || !navigator.sendBeacon) return;
    pendiente = false;
    navigator.sendBeacon(form.dataset.autoguardar, new FormData(form));
  }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") ultimoGuardado();
  });
  window.addEventListener("pagehide", ultimoGuardado);
})();

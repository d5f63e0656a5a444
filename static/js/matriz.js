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
  var pendiente = false;  // typed since the last save left
  var enVuelo = false;  // a background save is on its way
  var estado = document.getElementById("autoguardado");

  function avisar(clase, texto) {
    var span = document.createElement("span");
    span.className = clase;
    span.textContent = texto;
    estado.replaceChildren(span);
  }

  form.addEventListener("input", function () { pendiente = true; });
  // A conflict stops autosave: the director decides with the full-page save.
  form.addEventListener("htmx:confirm", function (e) {
    if (form.dataset.pausado) { e.preventDefault(); }
  });
  form.addEventListener("htmx:beforeRequest", function () { pendiente = false; enVuelo = true; });
  form.addEventListener("htmx:afterRequest", function (e) {
    enVuelo = false;
    var codigo = e.detail.xhr ? e.detail.xhr.status : 0;
    if (codigo === 401 || codigo === 409) { pendiente = true; }
  });
  form.addEventListener("htmx:responseError", function (e) {
    pendiente = true;
    avisar("text-danger fw-semibold", "No se pudo guardar (error " + e.detail.xhr.status + "). " +
      "Lo que escribiste sigue aquí: pulsa «Guardar borrador» o inténtalo en unos minutos.");
  });
  form.addEventListener("htmx:afterSwap", function () {
    if (estado.querySelector("[data-conflicto]")) { form.dataset.pausado = "1"; }
  });
  form.addEventListener("htmx:sendError", function () {
    pendiente = true;
    avisar("text-warning-emphasis fw-semibold",
      "Sin conexión: lo que escribes sigue aquí y se guardará cuando vuelva la conexión.");
  });
  // Submitting the page saves everything: no background save may race it.
  form.addEventListener("submit", function () { form.dataset.pausado = "1"; pendiente = false; });

  function ultimoGuardado() {
    if (!pendiente || form.dataset.pausado || !navigator.sendBeacon) return;
    pendiente = false;
    var datos = new FormData(form);
    // A save still on its way will take this version number: the beacon carries the next one.
    if (enVuelo) { datos.set("version", String(Number(datos.get("version")) + 1)); }
    navigator.sendBeacon(form.dataset.autoguardar, datos);
  }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") ultimoGuardado();
  });
  window.addEventListener("pagehide", ultimoGuardado);
})();

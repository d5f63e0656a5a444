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

  // A copy of what is typed stays in this browser until the server has it, so closing the tab
  // while offline loses nothing: the next visit offers to bring it back.
  var clave = "chasqui:matriz:" + form.dataset.matriz;
  function campos() {
    var valores = {};
    form.querySelectorAll("textarea[name], input[name]").forEach(function (campo) {
      if (campo.type !== "hidden" && campo.type !== "file") valores[campo.name] = campo.value;
    });
    return valores;
  }
  function guardarCopia() {
    try {
      localStorage.setItem(clave, JSON.stringify({ hora: Date.now(), campos: campos() }));
    } catch (e) { /* storage full or disabled: the server saves remain */ }
  }
  function borrarCopia() { try { localStorage.removeItem(clave); } catch (e) {} }
  function ofrecerCopia() {
    var copia;
    try { copia = JSON.parse(localStorage.getItem(clave) || "null"); } catch (e) { copia = null; }
    if (!copia || !copia.campos) return;
    var actuales = campos();
    var distintos = Object.keys(copia.campos).filter(function (n) {
      return n in actuales && actuales[n] !== copia.campos[n];
    });
    if (!distintos.length) { borrarCopia(); return; }
    var aviso = document.getElementById("copia-local");
    aviso.querySelector("[data-hora]").textContent = new Date(copia.hora).toLocaleString("es-PE");
    aviso.classList.remove("d-none");
    aviso.querySelector("[data-recuperar]").addEventListener("click", function () {
      distintos.forEach(function (n) { form.elements[n].value = copia.campos[n]; });
      aviso.classList.add("d-none");
      form.dispatchEvent(new Event("input", { bubbles: true }));
      form.dispatchEvent(new Event("change", { bubbles: true }));
    });
    aviso.querySelector("[data-descartar]").addEventListener("click", function () {
      borrarCopia();
      aviso.classList.add("d-none");
    });
  }
  if (!form.dataset.pausado) ofrecerCopia();

  form.addEventListener("input", function () { pendiente = true; guardarCopia(); });
  // A conflict stops autosave: the director decides with the full-page save.
  form.addEventListener("htmx:confirm", function (e) {
    if (form.dataset.pausado) { e.preventDefault(); }
  });
  form.addEventListener("htmx:beforeRequest", function () { pendiente = false; enVuelo = true; });
  form.addEventListener("htmx:afterRequest", function (e) {
    enVuelo = false;
    var codigo = e.detail.xhr ? e.detail.xhr.status : 0;
    if (codigo === 401 || codigo === 409) { pendiente = true; }
    if (codigo === 200 && !pendiente) { borrarCopia(); }
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

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
  var ediciones = 0;  // inputs so far
  var enviadas = 0;  // inputs included in the last save that left
  var enVuelo = false;  // a background save is on its way
  var estado = document.getElementById("autoguardado");
  var version = document.getElementById("version");

  function avisar(clase, texto) {
    var span = document.createElement("span");
    span.className = clase;
    span.textContent = texto;
    estado.replaceChildren(span);
  }
  function pendiente() { return ediciones > enviadas; }

  // Logging in again in another tab rotates the CSRF token: always send the current cookie's.
  function tokenActual() {
    var m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : null;
  }
  form.addEventListener("htmx:configRequest", function (e) {
    var token = tokenActual();
    if (token) {
      e.detail.headers["X-CSRFToken"] = token;
      e.detail.parameters["csrfmiddlewaretoken"] = token;
    }
  });

  // A copy of what is typed stays in this browser until the server has it, so closing the tab
  // while offline loses nothing: the next visit from the same version offers to bring it back.
  var clave = "chasqui:matriz:" + form.dataset.matriz + ":" + form.dataset.usuario;
  function campos() {
    var valores = {};
    form.querySelectorAll("textarea[name], input[name]").forEach(function (campo) {
      if (campo.type !== "hidden" && campo.type !== "file") valores[campo.name] = campo.value;
    });
    return valores;
  }
  function guardarCopia() {
    try {
      localStorage.setItem(clave, JSON.stringify({ version: version.value, hora: Date.now(), campos: campos() }));
    } catch (e) { /* storage full or disabled: the server saves remain */ }
  }
  function borrarCopia() { try { localStorage.removeItem(clave); } catch (e) {} }
  function ofrecerCopia() {
    var copia;
    try { copia = JSON.parse(localStorage.getItem(clave) || "null"); } catch (e) { copia = null; }
    if (!copia || !copia.campos) return;
    // Saved since the copy was made (autosave, a full save, sending): the copy is old news.
    if (copia.version !== version.value) { borrarCopia(); return; }
    var actuales = campos();
    var distintos = Object.keys(copia.campos).filter(function (n) {
      return n in actuales && form.elements[n] && actuales[n] !== copia.campos[n];
    });
    if (!distintos.length) { borrarCopia(); return; }
    var aviso = document.getElementById("copia-local");
    aviso.querySelector("[data-hora]").textContent = new Date(copia.hora).toLocaleString("es-PE");
    aviso.classList.remove("d-none");
    aviso.querySelector("[data-recuperar]").addEventListener("click", function () {
      distintos.forEach(function (n) {
        form.elements[n].value = copia.campos[n];
        form.elements[n].dispatchEvent(new Event("input", { bubbles: true }));  // counters, autosave
      });
      aviso.classList.add("d-none");
      form.dispatchEvent(new Event("change", { bubbles: true }));
    });
    aviso.querySelector("[data-descartar]").addEventListener("click", function () {
      borrarCopia();
      aviso.classList.add("d-none");
    });
  }
  if (form.dataset.reenvio) {
    guardarCopia();  // a page shown again after a refused save: keep what was typed, as typed
  } else {
    ofrecerCopia();
  }

  form.addEventListener("input", function () { ediciones += 1; guardarCopia(); });
  // A conflict stops autosave: the director decides with the full-page save.
  form.addEventListener("htmx:confirm", function (e) {
    if (form.dataset.pausado) { e.preventDefault(); }
  });
  form.addEventListener("htmx:beforeRequest", function () { enviadas = ediciones; enVuelo = true; });
  form.addEventListener("htmx:afterRequest", function (e) {
    enVuelo = false;
    var codigo = e.detail.xhr ? e.detail.xhr.status : 0;
    if (codigo === 200) {
      if (!pendiente()) borrarCopia();
      else guardarCopia();  // same text, the new version
    } else {
      enviadas = Math.min(enviadas, ediciones - 1);  // not saved: still pending
    }
  });
  form.addEventListener("htmx:responseError", function (e) {
    avisar("text-danger fw-semibold", "No se pudo guardar (error " + e.detail.xhr.status + "). " +
      "Lo que escribiste sigue aquí: pulsa «Guardar borrador» o inténtalo en unos minutos.");
  });
  form.addEventListener("htmx:afterSwap", function () {
    if (estado.querySelector("[data-conflicto]")) { form.dataset.pausado = "1"; }
  });
  form.addEventListener("htmx:sendError", function () {
    avisar("text-warning-emphasis fw-semibold",
      "Sin conexión: lo que escribes sigue aquí y se guardará cuando vuelva la conexión.");
  });
  // Submitting the page saves everything: no background save may race it.
  form.addEventListener("submit", function () {
    form.dataset.pausado = "1";
    var token = tokenActual();
    if (token && form.elements.csrfmiddlewaretoken) form.elements.csrfmiddlewaretoken.value = token;
  });

  // Leaving the tab (switching apps on a phone): save now, through htmx, so the version on the
  // page follows. Closing it: a beacon, the only request a closing page can still send.
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden" && pendiente() && !form.dataset.pausado) {
      htmx.trigger(form, "guardar-ya");
    }
  });
  window.addEventListener("pagehide", function () {
    if (!pendiente() || form.dataset.pausado || enVuelo || !navigator.sendBeacon) return;
    var datos = new FormData(form);
    var token = tokenActual();
    if (token) datos.set("csrfmiddlewaretoken", token);
    navigator.sendBeacon(form.dataset.autoguardar, datos);
  });
})();

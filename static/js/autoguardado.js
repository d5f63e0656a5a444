// Long forms that save themselves (the director's balance matrix, DIFOCA's practice editor), and
// forms that ask before their unsaved text is left behind (data-aviso-salir):
// character counters, and what autosave needs beyond htmx (hx-post on the form): the current CSRF
// cookie, a local copy until the server has the text, a pause on conflict, and a last save when the
// tab is hidden or closed. Editable lists are static/js/listas.js.
//
//   <form data-autoguardar="URL" data-copia="matriz:12:7" [data-copia-vigencia="observada-2"] [data-boton="Guardar borrador"]
//         [data-pausado] [data-reenvio]> … <input type="hidden" id="version">
//         [<input type="hidden" name="tocados">] …
//   <div id="autoguardado" aria-live="polite">  <div id="copia-local" class="d-none"> (offer)
(function () {
  "use strict";

  // Counters under the fields with a limit (any page), also in rows added later. The visible counter
  // is NOT a live region (a screen reader would read it at every pause in the typing): one visually
  // hidden polite region, made at load, speaks once when a field reaches 90 % of its limit and once
  // more at the limit; going back under 90 % lets it speak again.
  var anuncio = document.createElement("div");
  anuncio.id = "anuncio-contador";
  anuncio.className = "visually-hidden";
  anuncio.setAttribute("aria-live", "polite");
  document.body.appendChild(anuncio);
  function nombreDe(campo) {
    var etiqueta = campo.id && document.querySelector('label[for="' + campo.id + '"]');
    var texto = etiqueta ? etiqueta.textContent.replace(/\s+/g, " ").replace(/\*$/, "").trim() : "";
    return texto.length > 80 ? texto.slice(0, 79) + "…" : texto;
  }
  function contador(campo, anunciar) {
    var limite = parseInt(campo.dataset.contador, 10);
    var caja = campo.nextElementSibling;
    if (!caja || !caja.classList.contains("contador")) {
      caja = document.createElement("div");
      caja.className = "contador";
      campo.insertAdjacentElement("afterend", caja);
    }
    var n = campo.value.length;
    caja.textContent = n + " / " + limite;
    caja.classList.toggle("cerca", n >= limite * 0.9);
    var nivel = n >= limite ? 2 : n >= limite * 0.9 ? 1 : 0;
    var antes = parseInt(campo.dataset.nivelContador || "0", 10);
    campo.dataset.nivelContador = nivel;
    if (!anunciar || nivel <= antes) return;
    var nombre = nombreDe(campo);
    var donde = nombre ? " en «" + nombre + "»" : "";
    anuncio.textContent = nivel === 2
      ? "Llegaste al límite de " + limite + " caracteres" + donde + "."
      : "Quedan " + (limite - n) + " de " + limite + " caracteres" + donde + ".";
  }
  document.querySelectorAll("[data-contador]").forEach(function (c) {
    if (!c.closest("template")) contador(c, false);
  });
  document.addEventListener("input", function (e) {
    if (e.target && e.target.dataset && e.target.dataset.contador) contador(e.target, true);
  });

  // A form that does not save itself (data-aviso-salir: the event editor, a gallery's captions)
  // asks before the page is left with what was typed and not saved.
  document.querySelectorAll("form[data-aviso-salir]").forEach(function (f) {
    var cambiado = false;
    f.addEventListener("input", function () { cambiado = true; });
    f.addEventListener("change", function () { cambiado = true; });
    f.addEventListener("submit", function () { cambiado = false; });
    window.addEventListener("beforeunload", function (e) {
      if (cambiado) { e.preventDefault(); e.returnValue = ""; }
    });
  });

  // Errors next to their fields: the server renders them under each field (is-invalid,
  // aria-invalid, aria-describedby → «id_…_error», as Django and crispy do) and a summary
  // (#faltantes, focused on load and its links focusing their field by static/js/enfocar.js, the one
  // mechanism of every error summary); each autosave answers the complete list of fields to
  // mark (a JSON {id: message} in #marcas-campos), and marcarCampos() makes the page match it: new
  // marks appear, fixed fields lose theirs.
  // Focus never hidden under the sticky save bar (WCAG 2.2 «focus not obscured»). The fields'
  // scroll-margin (chasqui.css) is not enough: on Tab, Chromium leaves a field that is already partly
  // in view where it is, its lower part under the bar. After the browser's own scroll, the field is
  // moved up above the bar (a field taller than the room shows its top).
  document.addEventListener("focusin", function (e) {
    var barra = document.querySelector(".autoguardado");
    var campo = e.target;
    if (!barra || !campo.getBoundingClientRect || barra.contains(campo) || campo === document.body) return;
    window.requestAnimationFrame(function () {
      if (document.activeElement !== campo) return;
      var margen = 16;
      var r = campo.getBoundingClientRect();
      var tope = barra.getBoundingClientRect().top - margen;
      var mover = 0;
      if (r.bottom > tope) mover = Math.min(r.bottom - tope, r.top - margen);
      else if (r.top < 0) mover = r.top - margen;
      if (mover) window.scrollBy({ top: mover, behavior: "instant" });
    });
  });
  // The phone's «Ir a lineamiento» menu (a <details> in the save bar) closes once a place is chosen.
  document.addEventListener("click", function (e) {
    var enlace = e.target.closest && e.target.closest("details.ir-a a");
    if (enlace) enlace.closest("details").open = false;
  });

  function describir(campo, id, poner) {
    var ids = (campo.getAttribute("aria-describedby") || "").split(/\s+/).filter(function (x) {
      return x && x !== id;
    });
    if (poner) ids.push(id);
    if (ids.length) campo.setAttribute("aria-describedby", ids.join(" "));
    else campo.removeAttribute("aria-describedby");
  }
  function marcar(campo, mensaje) {
    var id = campo.id + "_error";
    var caja = document.getElementById(id);
    if (!caja) {
      caja = document.createElement("div");
      caja.id = id;
      caja.className = "invalid-feedback";
      var despues = campo.nextElementSibling && campo.nextElementSibling.classList.contains("contador")
        ? campo.nextElementSibling : campo;
      despues.insertAdjacentElement("afterend", caja);
    }
    var texto = document.createElement("strong");
    texto.textContent = mensaje;
    var p = document.createElement("p");
    p.appendChild(texto);
    caja.replaceChildren(p);
    campo.classList.add("is-invalid");
    campo.setAttribute("aria-invalid", "true");
    describir(campo, id, true);
  }
  function desmarcar(campo) {
    var id = campo.id + "_error";
    var caja = document.getElementById(id);
    if (caja) caja.remove();
    campo.classList.remove("is-invalid");
    campo.removeAttribute("aria-invalid");
    describir(campo, id, false);
  }
  function marcarCampos(raiz, marcas) {
    raiz.querySelectorAll('[aria-invalid="true"]').forEach(function (campo) {
      if (!(campo.id in marcas)) desmarcar(campo);
    });
    Object.keys(marcas).forEach(function (id) {
      var campo = document.getElementById(id);
      if (campo && raiz.contains(campo)) marcar(campo, marcas[id]);
    });
  }

  var form = document.querySelector("form[data-autoguardar]");
  if (!form) return;
  var boton = form.dataset.boton || "Guardar";

  var ediciones = 0;  // edits so far
  var enviadas = 0;  // edits included in the last save that left
  var enVuelo = false;
  var estado = document.getElementById("autoguardado");
  // Read each time: the answer to a save replaces the input (hx-swap-oob), so a reference kept from
  // the page's load would go on holding the first version.
  function version() { return document.getElementById("version").value; }

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

  // The local copy: every field, the lists' rows included (their hidden id and key too), so that a
  // tab closed offline loses nothing; offered again on the next visit from the same version.
  var clave = "chasqui:" + form.dataset.copia;
  // The record's state (the matrix's state and round). A copy this page posted whole with its own
  // button («enviada») and that the record has changed state since holds nothing the server lacks —
  // at most a figure as typed («1,250») that the server keeps as «1250»: offering it after the UGEL
  // returns the matrix would be a false alarm. A copy never posted (written offline, the matrix sent
  // from another device) is still offered.
  var vigencia = form.dataset.copiaVigencia || "";
  function campos() {
    var valores = {};
    form.querySelectorAll("textarea[name], input[name], select[name]").forEach(function (campo) {
      if (campo.closest("template") || campo.type === "file") return;
      if (campo.name === "csrfmiddlewaretoken" || campo.name === "version" || campo.name === "base") return;
      valores[campo.name] = campo.type === "checkbox" ? (campo.checked ? "1" : "") : campo.value;
    });
    return valores;
  }
  function guardarCopia(enviada) {
    try {
      localStorage.setItem(clave, JSON.stringify({
        version: version(), vigencia: vigencia, enviada: !!(enviada || form.dataset.posteada),
        hora: Date.now(), campos: campos()
      }));
    } catch (e) { /* storage full or disabled: the server saves remain */ }
  }
  function borrarCopia() { try { localStorage.removeItem(clave); } catch (e) {} }
  function restaurar(copia) {
    // Each list first gets the number of rows the copy had, then every field its value.
    form.querySelectorAll("[data-lista]").forEach(function (lista) {
      var prefijo = lista.dataset.lista;
      var total = parseInt(copia[prefijo + "-TOTAL_FORMS"] || "0", 10);
      var filas = lista.querySelector("[data-filas]");
      var plantilla = lista.querySelector("template[data-plantilla]");
      while (filas.children.length > total) filas.lastElementChild.remove();
      while (filas.children.length < total) filas.appendChild(plantilla.content.firstElementChild.cloneNode(true));
      if (window.chasquiListas) window.chasquiListas.renumerar(lista);
    });
    // Phase selects need their options before their value.
    if (window.chasquiListas) {
      Object.keys(copia).forEach(function (n) {
        var el = form.elements[n];
        if (el && el.matches && el.matches("[data-etiqueta]")) el.value = copia[n];
        if (el && el.matches && el.matches("[data-clave]")) el.value = copia[n];
      });
      window.chasquiListas.actualizarOpciones();
    }
    Object.keys(copia).forEach(function (n) {
      var el = form.elements[n];
      if (!el || !el.tagName) return;
      if (el.type === "checkbox") el.checked = !!copia[n];
      else el.value = copia[n];
      if (el.dataset.contador) contador(el, false);
    });
  }
  function ofrecerCopia() {
    var copia;
    try { copia = JSON.parse(localStorage.getItem(clave) || "null"); } catch (e) { copia = null; }
    if (!copia || !copia.campos) return;
    // Saved since the copy was made: the copy is old news.
    if (copia.version !== version()) { borrarCopia(); return; }
    if (copia.enviada && (copia.vigencia || "") !== vigencia) { borrarCopia(); return; }
    var actuales = campos();
    var distintos = Object.keys(copia.campos).some(function (n) { return actuales[n] !== copia.campos[n]; }) ||
      Object.keys(actuales).some(function (n) { return !(n in copia.campos); });
    if (!distintos) { borrarCopia(); return; }
    var aviso = document.getElementById("copia-local");
    aviso.querySelector("[data-hora]").textContent = new Date(copia.hora).toLocaleString("es-PE", { hourCycle: "h23" });
    aviso.classList.remove("d-none");
    aviso.querySelector("[data-recuperar]").addEventListener("click", function () {
      restaurar(copia.campos);
      try { tocados = JSON.parse((campoTocados && campoTocados.value) || "[]"); } catch (e) { tocados = []; }
      aviso.classList.add("d-none");
      ediciones += 1;
      form.dispatchEvent(new Event("change", { bubbles: true }));
    });
    aviso.querySelector("[data-descartar]").addEventListener("click", function () {
      borrarCopia();
      aviso.classList.add("d-none");
    });
  }
  if (form.dataset.reenvio) guardarCopia();  // shown again after a refused save: keep it as typed
  else ofrecerCopia();

  // What the status line says between saves: typed and not yet sent, then on its way. An offline
  // or conflict message stays until something changes it.
  var sinConexion = false;
  function porGuardar() {
    if (form.dataset.pausado || sinConexion) return;
    avisar("text-body-secondary", "Cambios sin guardar: se guardan solos en unos segundos.");
  }
  // What this page changed, by field or by list, in a hidden «tocados» when the form has one: a save
  // over a newer version (the conflict's «Quedarme con mis cambios») writes only that.
  var campoTocados = form.elements.tocados;
  var tocados = [];
  try { tocados = JSON.parse((campoTocados && campoTocados.value) || "[]"); } catch (e) { tocados = []; }
  function tocar(el) {
    if (!campoTocados || !el || !el.closest) return;
    var lista = el.closest("[data-lista]");
    var nombre = lista ? lista.dataset.lista : el.name;
    if (!nombre || tocados.indexOf(nombre) !== -1) return;
    tocados.push(nombre);
    campoTocados.value = JSON.stringify(tocados);
  }
  function editado(e) {
    tocar(e && e.target);
    ediciones += 1;
    guardarCopia();
    if (!enVuelo) porGuardar();
  }
  form.addEventListener("input", editado);
  form.addEventListener("change", editado);  // also a row added, moved or removed (listas.js)

  // A conflict stops autosave: the person decides with the page's own save button.
  form.addEventListener("htmx:confirm", function (e) {
    if (form.dataset.pausado) e.preventDefault();
  });
  form.addEventListener("htmx:beforeRequest", function () {
    enviadas = ediciones;
    enVuelo = true;
    if (!sinConexion) avisar("text-body-secondary", "Guardando…");
  });
  form.addEventListener("htmx:afterRequest", function (e) {
    enVuelo = false;
    var codigo = e.detail.xhr ? e.detail.xhr.status : 0;
    if (codigo) sinConexion = false;
    if (codigo === 200) {
      if (!pendiente()) borrarCopia();
      else guardarCopia();  // same text, the new version
    } else {
      if (codigo === 422) guardarCopia();  // saved in part: the rest stays in this browser too
      enviadas = Math.min(enviadas, ediciones - 1);  // not (all) saved: still pending
    }
  });
  form.addEventListener("htmx:responseError", function (e) {
    avisar("text-danger fw-semibold", "No se pudo guardar (error " + e.detail.xhr.status + "). " +
      "Lo que escribiste sigue aquí: pulsa «" + boton + "» o inténtalo en unos minutos.");
  });
  form.addEventListener("htmx:afterSwap", function () {
    // Saved over a newer version: the fields this page had not touched take what was saved there
    // (each [sent, saved]), unless typed in since the save left.
    var actualizar = estado.querySelector("#actualizar-campos");
    if (actualizar) {
      try {
        var pares = JSON.parse(actualizar.textContent);
        Object.keys(pares).forEach(function (id) {
          var campo = document.getElementById(id);
          var enviado = String(pares[id][0]).replace(/\r\n/g, "\n");
          if (campo && form.contains(campo) && campo.value.replace(/\r\n/g, "\n") === enviado) {
            campo.value = pares[id][1];
            if (campo.dataset.contador) contador(campo, false);
          }
        });
      } catch (e) { /* the next load shows them */ }
    }
    var marcas = estado.querySelector("#marcas-campos");
    if (marcas) {
      try { marcarCampos(form, JSON.parse(marcas.textContent)); } catch (e) { /* keep the marks */ }
    }
    if (estado.querySelector("[data-conflicto]")) form.dataset.pausado = "1";
    else if (pendiente()) porGuardar();  // typed while the save was on its way: the next one follows
  });
  form.addEventListener("htmx:sendError", function () {
    sinConexion = true;
    avisar("text-warning-emphasis fw-semibold",
      "Sin conexión: lo que escribes sigue aquí y se guardará cuando vuelva la conexión.");
  });
  // The page's save button saves everything: no background save may race it.
  form.addEventListener("submit", function () {
    form.dataset.pausado = "1";
    // A copy still here (edits not yet saved in the background) is what this post carries: marked,
    // and a background save answering after this keeps the mark.
    form.dataset.posteada = "1";
    var guardada = null;
    try { guardada = localStorage.getItem(clave); } catch (e) {}
    if (guardada) guardarCopia(true);
    var token = tokenActual();
    if (token && form.elements.csrfmiddlewaretoken) form.elements.csrfmiddlewaretoken.value = token;
  });

  // Leaving the tab: save now, through htmx, so the version on the page follows. Closing it: a
  // beacon, the only request a closing page can still send.
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

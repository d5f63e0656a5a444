// The calendar editor (templates/monitoreo/_calendario_editor.html): shows the shortcut buttons and
// makes each one toggle its cells in one tap — a grade across its stage's months (the grade's
// button), a month for every grade of the stage (the month's button) and the whole stage. A group
// whose enabled cells are all marked is cleared; otherwise every enabled cell in it is marked.
// It also keeps the grid in step with the stage list above (static/js/listas.js): a month ticked or
// unticked in a stage enables or disables that month's cells in the stage's grid, so a cell outside
// its stage's months is never sent. Without JavaScript the grid is a plain form.
(function () {
  "use strict";

  var caja = document.querySelector("[data-calendario]");
  if (!caja) return;
  var estado = caja.querySelector("[data-estado-calendario]");

  function casillas(grupo, filtro) {
    return Array.prototype.filter.call(
      grupo.querySelectorAll('input[type="checkbox"]:not(:disabled)'),
      filtro || function () { return true; }
    );
  }

  function alternar(lista, descripcion) {
    if (!lista.length) return;
    var todas = lista.every(function (c) { return c.checked; });
    lista.forEach(function (c) { c.checked = !todas; });
    if (estado) {
      estado.textContent = descripcion + ": " + (todas ? "desmarcado" : "marcado") + " (" + lista.length + ")";
    }
    caja.dispatchEvent(new Event("change", { bubbles: true }));
  }

  caja.querySelectorAll("[data-atajo], .etapa-meses").forEach(function (el) { el.hidden = false; });
  caja.querySelectorAll(".grado-texto").forEach(function (el) { el.hidden = true; });

  caja.addEventListener("click", function (e) {
    var boton = e.target.closest("[data-atajo]");
    if (!boton) return;
    var etapa = boton.closest("tbody[data-etapa]");
    var titulo = etapa.querySelector(".etapa-titulo").textContent.trim();
    var tipo = boton.dataset.atajo;
    if (tipo === "etapa") {
      alternar(casillas(etapa), titulo);
    } else if (tipo === "mes") {
      var mes = boton.dataset.mes;
      alternar(casillas(etapa, function (c) { return c.dataset.mes === mes; }), titulo + ", " + boton.textContent.trim());
    } else if (tipo === "fila") {
      var fila = boton.closest("tr");
      alternar(casillas(fila), titulo + ", " + fila.querySelector(".grado-texto").textContent.trim());
    }
  });

  // A stage's months in the list above: its grid follows (cells and month buttons of that month).
  document.addEventListener("change", function (e) {
    var campo = e.target;
    if (!campo.name || !/^etapas-\d+-meses$/.test(campo.name)) return;
    var fila = campo.closest("[data-fila]");
    var clave = fila && fila.querySelector("[data-clave]");
    var id = fila && fila.querySelector("[data-id]");
    var claves = [clave && clave.value, id && id.value ? "e" + id.value : ""];
    var etapa = null;
    caja.querySelectorAll("tbody[data-etapa]").forEach(function (t) {
      if (claves.indexOf(t.dataset.etapa) !== -1) etapa = t;
    });
    if (!etapa) return;
    etapa.querySelectorAll('[data-mes="' + campo.value + '"]').forEach(function (el) {
      el.disabled = !campo.checked;
      if (!campo.checked && el.type === "checkbox") el.checked = false;
    });
  });
})();

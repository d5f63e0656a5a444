// Editable lists (comun/formularios.py): add a row, remove it (with «Deshacer»), move it up or down.
// Nobody types a number: the row's place in the page is its order, and the field names are
// renumbered here before any save. Markup:
//
//   <div data-lista="estrategias" data-maximo="100">
//     {{ formset.management_form }}
//     <ol data-filas> <li data-fila> …fields named estrategias-N-…, [data-id], [data-clave]…
//         <button type="button" data-subir> <button data-bajar> <button data-quitar> </li> </ol>
//     <template data-plantilla> (the empty row, prefix __prefix__) </template>
//     <button type="button" data-agregar>…</button>
//     <p data-estado-lista aria-live="polite"></p>
//   </div>
//
// A field marked [data-heredar] starts, in a new row, with the value of the row above.
// A <select data-opciones-de="fases"> is kept in step with the rows of the list "fases": each row's
// [data-clave] is the value, its [data-etiqueta] field the text (a strategy takes a phase typed a
// second ago). After a save, elements [data-nuevo data-clave=K data-pk=N] in the answer give new
// rows their id.
(function () {
  "use strict";

  function claveNueva() {
    return "n" + Date.now().toString(36) + Math.random().toString(36).slice(2, 8);
  }

  function avisarCambio(lista) {
    // Autosave listens on the form: a change that is not typing still has to reach it.
    lista.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function renumerar(lista) {
    var prefijo = lista.dataset.lista;
    var patron = new RegExp("^(id_)?" + prefijo + "-(\\d+|__prefix__)-");
    var filas = lista.querySelectorAll(":scope [data-filas] > [data-fila]");
    filas.forEach(function (fila, i) {
      fila.querySelectorAll("[name],[id],[for],[aria-describedby],[aria-labelledby]").forEach(function (el) {
        ["name", "id", "for", "aria-describedby", "aria-labelledby"].forEach(function (attr) {
          var valor = el.getAttribute(attr);
          if (!valor) return;
          var nuevo = valor.split(" ").map(function (parte) {
            return parte.replace(patron, function (_m, id) { return (id || "") + prefijo + "-" + i + "-"; });
          }).join(" ");
          if (nuevo !== valor) el.setAttribute(attr, nuevo);
        });
      });
      fila.querySelectorAll("[data-numero]").forEach(function (n) { n.textContent = i + 1; });
      var subir = fila.querySelector("[data-subir]");
      var bajar = fila.querySelector("[data-bajar]");
      if (subir) subir.disabled = i === 0;
      if (bajar) bajar.disabled = i === filas.length - 1;
    });
    var total = lista.querySelector('input[name="' + prefijo + '-TOTAL_FORMS"]');
    if (total) total.value = filas.length;
    var agregar = lista.querySelector(":scope > [data-agregar], :scope [data-agregar]");
    var maximo = parseInt(lista.dataset.maximo || "0", 10);
    if (agregar && maximo) agregar.disabled = filas.length >= maximo;
    var vacia = lista.querySelector("[data-vacia]");
    if (vacia) vacia.hidden = filas.length > 0;
    actualizarOpciones();
  }

  function estado(lista, contenido) {
    var p = lista.querySelector("[data-estado-lista]");
    if (!p) return;
    p.replaceChildren.apply(p, contenido);
  }

  function agregar(lista) {
    var plantilla = lista.querySelector("template[data-plantilla]");
    var fila = plantilla.content.firstElementChild.cloneNode(true);
    var clave = fila.querySelector("[data-clave]");
    if (clave) clave.value = claveNueva();
    var filas = lista.querySelector("[data-filas]");
    var anterior = filas.lastElementChild;
    filas.appendChild(fila);
    renumerar(lista);
    // A field marked data-heredar starts as the row above has it (the next result of a checklist
    // is a checklist item too; the next strategy goes in the same phase).
    if (anterior) {
      var previos = anterior.querySelectorAll("[data-heredar]");
      fila.querySelectorAll("[data-heredar]").forEach(function (campo, i) {
        if (previos[i]) campo.value = previos[i].value;
      });
    }
    var primero = fila.querySelector("input:not([type=hidden]), textarea, select");
    if (primero) primero.focus();
    estado(lista, []);
    avisarCambio(lista);
  }

  function quitar(lista, fila) {
    var siguiente = fila.nextElementSibling;
    var contenedor = fila.parentNode;
    fila.remove();
    renumerar(lista);
    var deshacer = document.createElement("button");
    deshacer.type = "button";
    deshacer.className = "btn btn-link btn-sm p-0 align-baseline";
    deshacer.textContent = "Deshacer";
    deshacer.addEventListener("click", function () {
      contenedor.insertBefore(fila, siguiente && siguiente.parentNode === contenedor ? siguiente : null);
      renumerar(lista);
      estado(lista, [document.createTextNode("Fila recuperada.")]);
      var campo = fila.querySelector("input:not([type=hidden]), textarea, select");
      if (campo) campo.focus();
      avisarCambio(lista);
    });
    estado(lista, [document.createTextNode("Se quitó una fila. "), deshacer]);
    deshacer.focus();
    avisarCambio(lista);
  }

  function mover(lista, fila, paso) {
    var otra = paso < 0 ? fila.previousElementSibling : fila.nextElementSibling;
    if (!otra) return;
    if (paso < 0) fila.parentNode.insertBefore(fila, otra);
    else fila.parentNode.insertBefore(otra, fila);
    renumerar(lista);
    var boton = fila.querySelector(paso < 0 ? "[data-subir]" : "[data-bajar]");
    if (boton && !boton.disabled) boton.focus();
    else { var otro = fila.querySelector(paso < 0 ? "[data-bajar]" : "[data-subir]"); if (otro) otro.focus(); }
    var n = Array.prototype.indexOf.call(fila.parentNode.children, fila) + 1;
    estado(lista, [document.createTextNode("Movida a la posición " + n + ".")]);
    avisarCambio(lista);
  }

  // Selects fed by another list's rows (a strategy's phase).
  function actualizarOpciones() {
    document.querySelectorAll("select[data-opciones-de]").forEach(function (select) {
      var fuente = document.querySelector('[data-lista="' + select.dataset.opcionesDe + '"]');
      if (!fuente) return;
      var elegido = select.value;
      var opciones = [];
      fuente.querySelectorAll(":scope [data-filas] > [data-fila]").forEach(function (fila, i) {
        var clave = fila.querySelector("[data-clave]");
        var etiqueta = fila.querySelector("[data-etiqueta]");
        if (!clave) return;
        if (!clave.value) clave.value = claveNueva();
        var texto = (etiqueta && etiqueta.value.trim()) || ("Fase " + (i + 1));
        opciones.push([clave.value, texto]);
      });
      var vacia = select.querySelector('option[value=""]');
      var nuevas = [vacia ? vacia.cloneNode(true) : new Option("—", "")];
      opciones.forEach(function (par) { nuevas.push(new Option(par[1], par[0])); });
      var iguales = select.options.length === nuevas.length && nuevas.every(function (o, i) {
        return select.options[i].value === o.value && select.options[i].text === o.text;
      });
      if (iguales) return;
      select.replaceChildren.apply(select, nuevas);
      // A phase removed: its strategies stay, outside any phase; «Deshacer» puts them back in it.
      var existe = function (clave) { return opciones.some(function (par) { return par[0] === clave; }); };
      if (elegido && !existe(elegido)) {
        select.dataset.quitada = elegido;
        select.value = "";
      } else if (!elegido && select.dataset.quitada && existe(select.dataset.quitada)) {
        select.value = select.dataset.quitada;
        delete select.dataset.quitada;
      } else {
        select.value = elegido;
      }
    });
  }

  document.addEventListener("click", function (e) {
    var boton = e.target.closest("[data-agregar],[data-quitar],[data-subir],[data-bajar]");
    if (!boton) return;
    var lista = boton.closest("[data-lista]");
    if (!lista) return;
    e.preventDefault();
    var fila = boton.closest("[data-fila]");
    if (boton.hasAttribute("data-agregar")) agregar(lista);
    else if (boton.hasAttribute("data-quitar")) quitar(lista, fila);
    else if (boton.hasAttribute("data-subir")) mover(lista, fila, -1);
    else mover(lista, fila, 1);
  });
  document.addEventListener("input", function (e) {
    if (e.target.matches("[data-etiqueta]")) actualizarOpciones();
  });
  document.addEventListener("change", function (e) {
    // Chosen by hand: no longer waiting for a removed phase to come back.
    if (e.target.matches && e.target.matches("select[data-opciones-de]")) delete e.target.dataset.quitada;
  });

  // New rows learn their id from the answer to a save (htmx swaps it into the page).
  document.addEventListener("htmx:afterSwap", function () {
    document.querySelectorAll("[data-nuevo][data-clave]").forEach(function (dato) {
      var campo = document.querySelector('[data-fila] [data-clave][value="' + dato.dataset.clave + '"]');
      if (!campo) {
        document.querySelectorAll("[data-fila] [data-clave]").forEach(function (c) {
          if (c.value === dato.dataset.clave) campo = c;
        });
      }
      var id = campo && campo.closest("[data-fila]").querySelector("[data-id]");
      if (id && !id.value) id.value = dato.dataset.pk;
      dato.remove();
    });
  });

  document.querySelectorAll("[data-lista]").forEach(function (lista) {
    lista.querySelectorAll(":scope [data-filas] > [data-fila] [data-clave]").forEach(function (c) {
      if (!c.value) c.value = claveNueva();
    });
    renumerar(lista);
  });
  window.chasquiListas = { renumerar: renumerar, actualizarOpciones: actualizarOpciones };
})();

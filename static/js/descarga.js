// Links to a file that takes seconds to prepare (a matrix or a campaign in PDF or Excel):
//
//   <a href="/exportaciones/…" data-descarga="Preparando el PDF…" data-descarga-lista="Tu PDF está listo.">
//
// A click fetches the file while the link says what is happening (spinner and text, aria-disabled,
// announced in a polite live region), then saves it under the server's file name. When the answer is
// a page (a large export asks to confirm and goes to the background, with its own progress page; an
// expired session leads to the login), or anything fails, the browser simply follows the link.
// Without JavaScript the link is a plain link.
(function () {
  "use strict";

  var aviso = document.createElement("div");
  aviso.className = "visually-hidden";
  aviso.setAttribute("role", "status");
  aviso.setAttribute("aria-live", "polite");
  document.body.appendChild(aviso);

  function anunciar(texto) {
    aviso.textContent = texto || "";
  }

  // Content-Disposition: attachment; filename="x.pdf" or filename*=utf-8''x%C3%B3.pdf
  function nombreArchivo(cabecera) {
    if (!cabecera) {
      return "";
    }
    var extendido = /filename\*\s*=\s*[^']*''([^;]+)/i.exec(cabecera);
    if (extendido) {
      try {
        return decodeURIComponent(extendido[1].trim());
      } catch (e) {
        /* fall through to the plain name */
      }
    }
    var simple = /filename\s*=\s*"?([^";]+)"?/i.exec(cabecera);
    return simple ? simple[1].trim() : "";
  }

  function guardar(blob, nombre) {
    var url = URL.createObjectURL(blob);
    var enlace = document.createElement("a");
    enlace.href = url;
    enlace.download = nombre;
    document.body.appendChild(enlace);
    enlace.click();
    enlace.remove();
    setTimeout(function () {
      URL.revokeObjectURL(url);
    }, 30000);
  }

  // Back from the page a link led to (the browser's page cache): the links are links again.
  window.addEventListener("pageshow", function (evento) {
    if (evento.persisted) {
      document.querySelectorAll("a[data-descarga]").forEach(function (enlace) {
        if (enlace.chasquiRestaurar) {
          enlace.chasquiRestaurar();
        }
      });
    }
  });

  document.addEventListener("click", function (evento) {
    var enlace = evento.target.closest("a[data-descarga]");
    if (!enlace || evento.button !== 0 || evento.metaKey || evento.ctrlKey || evento.shiftKey || evento.altKey) {
      return;
    }
    evento.preventDefault();
    if (enlace.getAttribute("aria-disabled") === "true") {
      return; // already on its way: one file per click
    }
    if (!window.fetch || !window.URL || !URL.createObjectURL) {
      window.location.href = enlace.href;
      return;
    }
    var original = enlace.innerHTML;
    var destino = enlace.href;
    enlace.chasquiRestaurar = restaurar;
    enlace.setAttribute("aria-disabled", "true");
    enlace.classList.add("disabled", "descargando");
    enlace.innerHTML = '<span class="spinner-border spinner-border-sm me-1" aria-hidden="true"></span>';
    enlace.appendChild(document.createTextNode(enlace.dataset.descarga));
    anunciar(enlace.dataset.descarga);

    function restaurar() {
      enlace.chasquiRestaurar = null;
      enlace.innerHTML = original;
      enlace.removeAttribute("aria-disabled");
      enlace.classList.remove("disabled", "descargando");
    }

    fetch(destino, { credentials: "same-origin" })
      .then(function (respuesta) {
        var tipo = respuesta.headers.get("Content-Type") || "";
        if (!respuesta.ok || tipo.indexOf("text/html") === 0) {
          window.location.href = destino;
          return null;
        }
        var nombre = nombreArchivo(respuesta.headers.get("Content-Disposition"));
        return respuesta.blob().then(function (blob) {
          guardar(blob, nombre);
          restaurar();
          anunciar(enlace.dataset.descargaLista || "");
        });
      })
      .catch(function () {
        restaurar();
        window.location.href = destino;
      });
  });
})();

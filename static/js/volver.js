// «Volver» links (<a data-volver href="…">): back to the page the reader came from, like the
// browser's button, when there is one on this site; otherwise the link's own address. A script file
// and not href="javascript:…", which the Content-Security-Policy refuses.
(function () {
  "use strict";
  document.addEventListener("click", function (evento) {
    var enlace = evento.target.closest("a[data-volver]");
    if (!enlace || evento.ctrlKey || evento.metaKey || evento.shiftKey) return;
    var desde = document.referrer;
    if (window.history.length > 1 && desde && new URL(desde).origin === window.location.origin) {
      evento.preventDefault();
      window.history.back();
    }
  });
})();

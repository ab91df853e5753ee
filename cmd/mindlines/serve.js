// Live reload for mindlines serve: injected into served pages only.
(function () {
  "use strict";
  var me = document.currentScript;
  var notFound = me && me.getAttribute("data-status") === "404";
  var server = null;
  var overlay = null;

  function here() {
    var p = location.pathname;
    return p.endsWith("/index.html") ? p.slice(0, -"index.html".length) : p;
  }

  function showErrors(list) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "mindlines-errors";
      overlay.setAttribute("role", "alert");
      overlay.setAttribute("aria-live", "assertive");
      overlay.style.cssText = "position:fixed;top:0;left:0;right:0;max-height:60vh;overflow:auto;" +
        "z-index:2147483647;margin:0;padding:1rem 1.25rem;background:#fff5f5;color:#7a0000;" +
        "border-bottom:4px solid #b00020;box-shadow:0 2px 10px rgba(0,0,0,.3);" +
        "font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;white-space:pre-wrap";
      document.body.appendChild(overlay);
    }
    overlay.textContent = "";
    var h = document.createElement("p");
    h.style.cssText = "margin:0 0 .5rem;font-weight:bold";
    h.textContent = "The site did not build; the last good version is shown. Fix and save:";
    overlay.appendChild(h);
    var ul = document.createElement("ul");
    ul.style.cssText = "margin:0;padding-left:1.25rem";
    list.forEach(function (m) {
      var li = document.createElement("li");
      li.textContent = m;
      ul.appendChild(li);
    });
    overlay.appendChild(ul);
  }

  function clearErrors() {
    if (overlay) {
      overlay.remove();
      overlay = null;
    }
  }

  // A stylesheet-only change swaps the stylesheets without a reload.
  function swapStyles() {
    document.querySelectorAll('link[rel="stylesheet"]').forEach(function (l) {
      var u = new URL(l.href);
      u.searchParams.set("mindlines", Date.now());
      var n = l.cloneNode();
      n.href = u.href;
      n.onload = function () { l.remove(); };
      l.after(n);
    });
  }

  var es = new EventSource("/_mindlines/events");
  es.addEventListener("hello", function (e) {
    var d = JSON.parse(e.data);
    if (server !== null && server !== d.server) {
      location.reload(); // the server restarted: this page may be stale
      return;
    }
    server = d.server;
  });
  es.addEventListener("builderror", function (e) {
    showErrors(JSON.parse(e.data).errors);
  });
  es.addEventListener("reload", function (e) {
    var d = JSON.parse(e.data);
    clearErrors();
    if (d.all || notFound) {
      location.reload();
      return;
    }
    if (d.changed.length === 0) return;
    if (d.changed.every(function (p) { return p.endsWith(".css"); })) {
      swapStyles();
      return;
    }
    if (d.changed.indexOf(here()) >= 0) location.reload();
  });
})();

/* Grip's one script: small enhancements on top of pages that work without it.
   Served from static (the Content-Security-Policy allows no inline script). */
(function () {
  "use strict";

  /* Phone-first tables: each cell carries its column's header as data-label, which the
     stylesheet shows in front of the value when the table becomes cards on a small screen.
     A cell that already has a data-label (set in its template) keeps it. */
  function labelTableCells() {
    document.querySelectorAll("table.list").forEach(function (table) {
      var headers = Array.prototype.map.call(
        table.querySelectorAll("thead tr:last-child th"),
        function (th) { return th.textContent.trim(); }
      );
      if (!headers.length) { return; }
      table.classList.add("labelled");
      table.querySelectorAll("tbody tr").forEach(function (row) {
        var column = 0;
        Array.prototype.forEach.call(row.children, function (cell) {
          var label = headers[column];
          if (label && !cell.hasAttribute("data-label")) { cell.setAttribute("data-label", label); }
          column += cell.colSpan || 1;
        });
      });
    });
  }

  /* A table wider than its column scrolls sideways: a keyboard user must be able to reach it
     (WCAG 2.1.1), so the scrolling region becomes focusable and is named after its table. */
  function makeScrollersReachable() {
    document.querySelectorAll(".table-wrap").forEach(function (wrap) {
      // Every wrapper, not only those that overflow now: whether a table overflows changes with
      // fonts, charts and the window, and a region that became scrollable a moment after this
      // ran would be out of the keyboard's reach.
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      if (!wrap.hasAttribute("aria-label")) {
        var caption = wrap.querySelector("caption");
        var heading = caption ? caption.textContent : document.title.split("·")[0];
        wrap.setAttribute("aria-label", heading.trim());
      }
    });
  }

  /* The error summary: focused and in view when the page comes back with errors, and each of
     its links moves the focus to its field (with the field's label in view above it). */
  function focusErrorSummary() {
    var summary = document.querySelector(".form-summary");
    if (!summary) { return; }
    summary.focus();
    summary.scrollIntoView({ block: "start" });
    summary.querySelectorAll("a[href^='#']").forEach(function (link) {
      link.addEventListener("click", function (event) {
        var target = document.getElementById(link.getAttribute("href").slice(1));
        if (!target) { return; }
        event.preventDefault();
        var field = target.closest(".field") || target;
        field.scrollIntoView({ block: "start" });
        target.focus({ preventScroll: true });
      });
    });
  }

  function start() {
    labelTableCells();
    makeScrollersReachable();
    focusErrorSummary();
    // Again once images, fonts and charts are in: they can widen a table after the first look.
    window.addEventListener("load", makeScrollersReachable);
    window.addEventListener("resize", makeScrollersReachable);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

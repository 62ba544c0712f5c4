/* Voices search page: start Pagefind's own interface, and run the query passed as ?q=...
   Loaded from a <script src> (no inline script, so a CSP can forbid inline scripts). */
(function () {
  "use strict";
  var el = document.getElementById("voices-search");
  if (!el || !window.PagefindUI) return;
  var ui = new window.PagefindUI({
    element: "#voices-search",
    showImages: false,
    showSubResults: false,
    resetStyles: false,
    autofocus: !new URLSearchParams(location.search).get("q"),
    translations: { placeholder: "Search the stories" }
  });
  // Pagefind's box has only a title, which is not a label (axe: label-title-only).
  var input = el.querySelector("input");
  if (input) input.setAttribute("aria-label", "Search the stories");
  var query = new URLSearchParams(location.search).get("q");
  if (query) ui.triggerSearch(query);
})();

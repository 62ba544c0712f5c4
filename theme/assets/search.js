/* Voices search page: start Pagefind's own interface, and run the query passed as ?q=...
   Loaded from a <script src> (no inline script, so a CSP can forbid inline scripts).
   A large archive is indexed in parts (scripts/voices/search.py): voices-parts.json, beside
   Pagefind's code, names the other parts, and they are merged into one search. */
(function () {
  "use strict";
  var el = document.getElementById("voices-search");
  var code = document.querySelector('script[src$="pagefind/pagefind-ui.js"]');
  if (!el || !code || !window.PagefindUI) return;
  var bundle = new URL(".", code.src);

  function start(parts) {
    var ui = new window.PagefindUI({
      element: "#voices-search",
      showImages: false,
      showSubResults: false,
      resetStyles: false,
      autofocus: !new URLSearchParams(location.search).get("q"),
      translations: { placeholder: "Search the stories" },
      // Paths from the site's root: Pagefind's worker fetches them from its own address.
      mergeIndex: parts.map(function (part) {
        return { bundlePath: new URL(part, bundle).pathname };
      })
    });
    // Pagefind's box has only a title, which is not a label (axe: label-title-only).
    var input = el.querySelector("input");
    if (input) input.setAttribute("aria-label", "Search the stories");
    var query = new URLSearchParams(location.search).get("q");
    if (query) ui.triggerSearch(query);
  }

  fetch(new URL("voices-parts.json", bundle))
    .then(function (r) { return r.ok ? r.json() : { parts: [] }; })
    .then(function (list) { return Array.isArray(list.parts) ? list.parts : []; },
          function () { return []; })
    .then(start);
})();

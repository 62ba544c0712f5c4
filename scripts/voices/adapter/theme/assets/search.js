/* Voices search page: start Pagefind's own interface, keep the search in the page's address and
   restore it from there. Loaded from a <script src> (no inline script, so a CSP can forbid them).
   A large archive is indexed in parts (scripts/voices/site/search.py): voices-parts.json, beside
   Pagefind's code, names the other parts, and they are merged into one search.

   The address: ?q=words&principle=build-a-team&challenge=fear-and-risk ... Each filter is named
   by its id, as in the finder's address; the page (templates/search.html, data-facets) says which
   Pagefind filter and label each id stands for. While someone types or ticks, the address follows
   (history.replaceState, so the back button still leaves the page), and a shared address opens
   with the same words and filters. */
(function () {
  "use strict";
  var el = document.getElementById("voices-search");
  var code = document.querySelector('script[src$="pagefind/pagefind-ui.js"]');
  if (!el || !code || !window.PagefindUI) return;
  var bundle = new URL(".", code.src);
  var WAIT = 300; // ms after the last key or tick before the address changes
  var facets = {};
  try {
    facets = JSON.parse(el.getAttribute("data-facets") || "{}");
  } catch (e) {
    facets = {};
  }
  var params = Object.keys(facets);
  // Pagefind's words and ours, in the site's language (site/search.py script_strings).
  var strings = {};
  try {
    strings = JSON.parse(el.getAttribute("data-strings") || "{}");
  } catch (e) {
    strings = {};
  }

  function labelOf(param, id) {
    var values = facets[param].values || {};
    return Object.prototype.hasOwnProperty.call(values, id) ? values[id] : null;
  }

  function idOf(param, label) {
    var values = facets[param].values || {};
    for (var id in values) {
      if (Object.prototype.hasOwnProperty.call(values, id) && values[id] === label) return id;
    }
    return null;
  }

  // What the address asks for: the words, and Pagefind's filters ({filter name: [labels]}).
  function fromAddress() {
    var query = new URLSearchParams(location.search);
    var filters = {};
    params.forEach(function (param) {
      query.getAll(param).forEach(function (id) {
        var label = labelOf(param, id);
        if (label === null) return; // an unknown id in a shared address is ignored
        var key = facets[param].filter;
        filters[key] = (filters[key] || []).concat([label]);
      });
    });
    return { q: (query.get("q") || "").trim(), filters: filters };
  }

  // What the page shows now: the words typed and the boxes ticked in Pagefind's filter panel.
  function fromPage() {
    var input = el.querySelector(".pagefind-ui__search-input");
    var query = new URLSearchParams();
    var words = input ? input.value.trim() : "";
    if (words) query.set("q", words);
    // Before the first search Pagefind shows no filters: the address keeps those it has.
    var shown = el.querySelector(".pagefind-ui__filter-checkbox");
    var before = new URLSearchParams(location.search);
    params.forEach(function (param) {
      if (!shown) {
        before.getAll(param).forEach(function (id) {
          if (labelOf(param, id) !== null) query.append(param, id);
        });
        return;
      }
      var boxes = el.querySelectorAll(".pagefind-ui__filter-checkbox:checked");
      Array.prototype.forEach.call(boxes, function (box) {
        if (box.name !== facets[param].filter) return;
        var id = idOf(param, box.value);
        if (id !== null) query.append(param, id);
      });
    });
    var text = query.toString();
    return text ? "?" + text : "";
  }

  var timer = null;
  function follow() {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      var next = fromPage();
      if (next !== location.search) {
        history.replaceState(history.state, "", location.pathname + next + location.hash);
      }
    }, WAIT);
  }

  // Pagefind finds nothing at all for a filter its index does not hold (an address made by
  // another version of the archive, or "exclude" before story pages carry it): once its panel
  // shows which filters exist, drop those that do not, and search again without them.
  function keepKnown(ui, filters) {
    function check() {
      var known = {}, dropped = false;
      Object.keys(filters).forEach(function (key) {
        filters[key].forEach(function (label) {
          var found = Array.prototype.some.call(
            el.querySelectorAll(".pagefind-ui__filter-checkbox"),
            function (box) { return box.name === key && box.value === label; });
          if (found) known[key] = (known[key] || []).concat([label]);
          else dropped = true;
        });
      });
      if (dropped) ui.triggerFilters(known);
      follow(); // and the address keeps only what the search now uses
    }
    if (el.querySelector(".pagefind-ui__filter-checkbox")) {
      check();
      return;
    }
    var watch = new MutationObserver(function () {
      if (!el.querySelector(".pagefind-ui__filter-checkbox")) return;
      watch.disconnect();
      check();
    });
    watch.observe(el, { childList: true, subtree: true });
  }

  function start(parts) {
    var wanted = fromAddress();
    var ui = new window.PagefindUI({
      element: "#voices-search",
      showImages: false,
      showSubResults: false,
      resetStyles: false,
      autofocus: !wanted.q,
      openFilters: Object.keys(wanted.filters), // a restored filter shows that it is ticked
      translations: strings,
      // Paths from the site's root: Pagefind's worker fetches them from its own address.
      mergeIndex: parts.map(function (part) {
        return { bundlePath: new URL(part, bundle).pathname };
      })
    });
    // Pagefind's box has only a title, which is not a label (axe: label-title-only).
    var input = el.querySelector("input");
    if (input) input.setAttribute("aria-label", strings.label || "Search the stories");
    var share = document.getElementById("voices-search-share");
    if (share) share.hidden = false;
    if (Object.keys(wanted.filters).length) ui.triggerFilters(wanted.filters);
    if (location.search) keepKnown(ui, wanted.filters);
    if (wanted.q) ui.triggerSearch(wanted.q);
    // Typing, ticking a filter and Pagefind's "Clear" button all end here.
    el.addEventListener("input", follow);
    el.addEventListener("change", follow);
    el.addEventListener("click", follow);
  }

  fetch(new URL("voices-parts.json", bundle))
    .then(function (r) { return r.ok ? r.json() : { parts: [] }; })
    .then(function (list) { return Array.isArray(list.parts) ? list.parts : []; },
          function () { return []; })
    .then(start);
})();

/* Voices story finder: filters the server-rendered list of stories with the build's JSON index.
   The page lists every story without this script; the script only shows the form, hides the
   stories that do not match, keeps the choices in the address (so a link can be shared and the
   back button works) and says how many stories match. No inline script: a CSP can forbid them.
   On a phone (up to 60em wide) the stories come first and the filters wait in a panel behind one
   button, which says how many filters are chosen and how many stories match. */
(function () {
  "use strict";
  var root = document.getElementById("voices-finder");
  if (!root) return;

  var MULTI = ["principle", "challenge", "perspective", "exclude"];
  var SINGLE = ["place", "year"];
  var KEYS = { principle: "p", challenge: "c", perspective: "v", exclude: "n" };
  var form = document.getElementById("voices-finder-form");
  var status = document.getElementById("voices-finder-status");
  var empty = document.getElementById("voices-finder-empty");
  var toggle = document.getElementById("voices-finder-toggle");
  var panel = document.getElementById("voices-finder-panel");
  var done = document.getElementById("voices-finder-done");
  var narrow = window.matchMedia("(max-width: 60em)");
  // What the script says, in the site's language (site/finder.py script_strings, read by
  // assets/words.js): "{n}" where the number goes; nothing where a message is missing.
  var words = window.voicesWords
    ? window.voicesWords(root, document.documentElement.lang || "en") : null;
  function say(key, n, values) {
    if (!words || !words.words[key]) return "";
    values = values || {};
    values.n = values.num = n;
    return words(key, values);
  }
  var items = {};
  Array.prototype.forEach.call(
    document.querySelectorAll("#voices-finder-results > li[data-id]"),
    function (li) { items[li.getAttribute("data-id")] = li; }
  );
  var stories = [];

  function stateFromQuery(search) {
    var params = new URLSearchParams(search);
    var state = {};
    MULTI.forEach(function (f) { state[f] = params.getAll(f); });
    SINGLE.forEach(function (f) { state[f] = params.get(f) || ""; });
    return state;
  }

  function stateFromForm() {
    var state = {};
    MULTI.forEach(function (f) {
      state[f] = Array.prototype.map.call(
        form.querySelectorAll('input[name="' + f + '"]:checked'),
        function (box) { return box.value; }
      );
    });
    SINGLE.forEach(function (f) { state[f] = form.elements[f].value; });
    return state;
  }

  function query(state) {
    var params = new URLSearchParams();
    MULTI.forEach(function (f) { state[f].forEach(function (v) { params.append(f, v); }); });
    SINGLE.forEach(function (f) { if (state[f]) params.set(f, state[f]); });
    var text = params.toString();
    return text ? "?" + text : "";
  }

  function setForm(state) {
    MULTI.forEach(function (f) {
      Array.prototype.forEach.call(form.querySelectorAll('input[name="' + f + '"]'),
        function (box) { box.checked = state[f].indexOf(box.value) !== -1; });
    });
    SINGLE.forEach(function (f) {
      var select = form.elements[f];
      select.value = state[f];
      if (select.value !== state[f]) select.value = "";  // an unknown value in a shared link
    });
  }

  function values(story, facet) {
    if (facet === "place") return story.l ? [story.l] : [];
    if (facet === "year") return [String(story.y)];
    return story[KEYS[facet]] || [];
  }

  // Within a group any ticked option will do; every group in use must match. Content notes
  // work the other way round: a ticked note leaves out the stories that carry it.
  function matches(story, state, skip) {
    for (var i = 0; i < MULTI.length; i++) {
      var f = MULTI[i];
      if (f === skip || !state[f].length) continue;
      var has = values(story, f).some(function (v) { return state[f].indexOf(v) !== -1; });
      if (f === "exclude" ? has : !has) return false;
    }
    for (var j = 0; j < SINGLE.length; j++) {
      var g = SINGLE[j];
      if (g !== skip && state[g] && values(story, g)[0] !== state[g]) return false;
    }
    return true;
  }

  // The number beside an option is how many stories would show if it were chosen alongside
  // the other groups' choices (for content notes: how many stories it would leave out).
  function counts(state) {
    var out = {};
    MULTI.concat(SINGLE).forEach(function (f) {
      var tally = {};
      stories.forEach(function (s) {
        if (!matches(s, state, f)) return;
        values(s, f).forEach(function (v) { tally[v] = (tally[v] || 0) + 1; });
      });
      out[f] = tally;
    });
    return out;
  }

  function apply(state) {
    var shown = 0;
    stories.forEach(function (s) {
      var ok = matches(s, state, null);
      if (items[s.id]) items[s.id].hidden = !ok;
      if (ok) shown += 1;
    });
    var n = counts(state);
    Array.prototype.forEach.call(root.querySelectorAll(".voices-finder-n"), function (span) {
      var facet = span.getAttribute("data-facet");
      span.textContent = "(" + (n[facet][span.getAttribute("data-value")] || 0) + ")";
    });
    SINGLE.forEach(function (f) {
      Array.prototype.forEach.call(form.elements[f].options, function (option) {
        if (option.value) {
          option.textContent = option.getAttribute("data-label") +
            " (" + (n[f][option.value] || 0) + ")";
        }
      });
    });
    var total = stories.length;
    status.textContent = shown === total ? say("all", total)
      : say("some", total, { shown: shown });
    empty.hidden = shown !== 0;
    var chosen = chosenCount(state);
    document.getElementById("voices-finder-chosen").textContent = chosen ? "(" + chosen + ")" : "";
    document.getElementById("voices-finder-shown").textContent = say("count", shown);
    done.textContent = shown ? say("show", shown) : say("none");
    describe();
  }

  // "Chosen: ..." under the count, in words: on a phone the panel is usually closed, and on
  // paper the form is not printed.
  function describe() {
    var parts = [];
    Array.prototype.forEach.call(form.querySelectorAll("fieldset"), function (group) {
      var names = Array.prototype.map.call(group.querySelectorAll("input:checked"),
        function (box) {
          var label = form.querySelector('label[for="' + box.id + '"]');
          return label ? label.firstChild.textContent.trim() : box.value;
        });
      if (names.length) {
        parts.push(group.querySelector("legend").textContent + ": " + names.join(", "));
      }
    });
    SINGLE.forEach(function (f) {
      var select = form.elements[f];
      if (!select.value) return;
      var label = form.querySelector('label[for="' + select.id + '"]').textContent;
      parts.push(label + ": " + select.options[select.selectedIndex].getAttribute("data-label"));
    });
    var line = document.getElementById("voices-finder-choices");
    line.textContent = parts.length ? say("chosen", 0, { choices: parts.join(". ") }) : "";
    line.hidden = !parts.length;
  }

  function chosenCount(state) {
    var n = 0;
    MULTI.forEach(function (f) { n += state[f].length; });
    SINGLE.forEach(function (f) { if (state[f]) n += 1; });
    return n;
  }

  // The panel behind the button, on a phone. On a wide screen the filters always show beside
  // the stories and the button is not shown, so its state does not matter there.
  function setOpen(open, focusButton) {
    root.classList.toggle("voices-finder--open", open);
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    if (!open && focusButton) {
      toggle.focus();
      toggle.scrollIntoView({ block: "nearest" });
    }
  }

  function startPanel() {
    toggle.hidden = false;
    done.parentNode.hidden = false;
    toggle.addEventListener("click", function () {
      setOpen(toggle.getAttribute("aria-expanded") !== "true", false);
    });
    done.addEventListener("click", function () { setOpen(false, true); });
    // Escape closes the panel from anywhere in it, and focus goes back to the button (the
    // panel's controls disappear with it).
    root.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" || !narrow.matches) return;
      if (toggle.getAttribute("aria-expanded") !== "true") return;
      if (event.target !== toggle && !panel.contains(event.target)) return;
      event.preventDefault();
      setOpen(false, true);
    });
  }

  function update() {
    var state = stateFromForm();
    var next = query(state);
    if (next !== location.search) {
      history.pushState(null, "", location.pathname + next + location.hash);
    }
    apply(state);
  }

  function start(index) {
    stories = index.stories.filter(function (s) { return items[s.id]; });
    form.hidden = false;
    // The filters work: the words for a browser without them, and their links, can go.
    document.getElementById("voices-finder-nojs").hidden = true;
    document.getElementById("voices-finder-ways").hidden = true;
    root.classList.add("voices-finder--js");
    startPanel();
    var state = stateFromQuery(location.search);
    setForm(state);
    apply(stateFromForm());
    form.addEventListener("change", update);
    form.addEventListener("submit", function (event) { event.preventDefault(); update(); });
    document.getElementById("voices-finder-clear").addEventListener("click", function () {
      form.reset();
      update();
    });
    window.addEventListener("popstate", function () {
      setForm(stateFromQuery(location.search));
      apply(stateFromForm());
    });
  }

  // An offline copy embeds the index as a script (fetch cannot read file:// pages).
  if (window.VOICES_FINDER_INDEX) {
    start(window.VOICES_FINDER_INDEX);
  } else {
    fetch(root.getAttribute("data-index"))
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(start)
      .catch(function () {
        status.textContent = say("failed");
      });
  }
})();

/* Voices: "My pack". Readers add stories and questions to a pack while they browse, then print
   it from the pack page (guides/my-pack/). The pack lives in this browser's localStorage only:
   nothing is sent anywhere. Story text is not stored: the pack page fetches each story's own page
   from this site, so a story that is changed or withdrawn is printed as it is now, or not at all.

   Without JavaScript the buttons stay hidden (they carry the `hidden` attribute in the HTML) and
   the pack page explains that it needs JavaScript.

   Everything it says comes in the site's language from assets/voices-words.js (written by the
   build from the catalogue: scripts/voices/site/script_words.py), read with msg("key"). */
(function () {
  "use strict";

  var KEY = "voices-pack";
  var script = document.currentScript;
  // The site's root is the folder above assets/, wherever the site is served from.
  var BASE = new URL("..", script.src);
  var PACK_URL = new URL("guides/my-pack/", BASE).href;
  var ID = /^[a-z0-9][a-z0-9-]*$/;
  var QUESTION_ID = /^(principles|challenges)\/([a-z0-9][a-z0-9-]*)\/([0-9]{1,3})$/;

  // ---- the pack, as stored ----------------------------------------------------------------

  function valid(item) {
    if (!item || typeof item.title !== "string") return false;
    if (item.kind === "story") return ID.test(item.id);
    return item.kind === "question" && QUESTION_ID.test(item.id) && typeof item.text === "string";
  }

  function storageWorks() {
    try {
      localStorage.setItem(KEY + "-test", "1");
      localStorage.removeItem(KEY + "-test");
      return true;
    } catch (e) {
      return false;
    }
  }

  function load() {
    try {
      var data = JSON.parse(localStorage.getItem(KEY) || "null");
      return data && Array.isArray(data.items) ? data.items.filter(valid) : [];
    } catch (e) {
      return []; // a damaged entry is treated as an empty pack rather than breaking the page
    }
  }

  function save(items) {
    localStorage.setItem(KEY, JSON.stringify({ version: 1, items: items }));
  }

  function keyOf(item) {
    return item.kind + ":" + item.id;
  }

  function indexOf(items, key) {
    for (var i = 0; i < items.length; i++) if (keyOf(items[i]) === key) return i;
    return -1;
  }

  // Only paths built here from checked ids are ever fetched or linked: never one read from storage.
  function pathOf(item) {
    if (item.kind === "story") return "stories/" + item.id + "/";
    var m = QUESTION_ID.exec(item.id);
    return m[1] + "/" + m[2] + "/";
  }

  // ---- its words ----------------------------------------------------------------------------

  // Without them (a theme that leaves them out) the script does nothing: the buttons stay hidden
  // and the pack page keeps its words for a browser without JavaScript, in the site's language.
  var words = window.voicesWords && window.VOICES_WORDS
    ? window.voicesWords(window.VOICES_WORDS.pack) : null;
  function msg(key, values) { return words(key, values); } // assets/words.js

  function describe(items) {
    if (!items.length) return msg("empty");
    var stories = items.filter(function (i) { return i.kind === "story"; }).length;
    return msg("holds", { items: msg("items", { num: items.length }),
                          stories: msg("stories", { num: stories }),
                          questions: msg("questions", { num: items.length - stories }) });
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text) node.textContent = text;
    return node;
  }

  // ---- the buttons on story and question pages ---------------------------------------------

  // The offline copy is read from file://, where the pack page cannot fetch story pages.
  function onWebsite() {
    return location.protocol === "http:" || location.protocol === "https:";
  }

  function initToggles(buttons) {
    if (!storageWorks() || !onWebsite()) return; // no way to make a pack: leave buttons hidden
    var region = document.querySelector(".md-content__inner") || document.body;
    var status = el("div", { role: "status", class: "voices-pack-sr" });
    region.appendChild(status);
    var question = 0;

    buttons.forEach(function (button) {
      var item = { kind: button.dataset.packKind, id: button.dataset.packId,
                   title: button.dataset.packTitle || "" };
      if (item.kind === "question") item.text = button.dataset.packText || "";
      if (!valid(item)) return;
      button.textContent = "";
      var label = el("span", { class: "voices-pack-toggle__label" });
      button.appendChild(label);
      if (item.kind === "question") {
        question += 1;
        // One button per question: the hidden words tell screen reader users which one.
        button.appendChild(el("span", { class: "voices-pack-sr" },
                              ", " + msg("questionNumber", { number: question })));
      }
      button._packItem = item;
      button.hidden = false;
      button.addEventListener("click", function () {
        var items = load();
        var at = indexOf(items, keyOf(item));
        if (at >= 0) items.splice(at, 1); else items.push(item);
        try {
          save(items);
        } catch (e) {
          status.textContent = msg("notKept");
          return;
        }
        refresh();
        var title = { title: item.title };
        var said = item.kind !== "story"
          ? (at >= 0 ? msg("questionRemoved") : msg("questionAdded"))
          : (at >= 0 ? msg("storyRemoved", title) : msg("storyAdded", title));
        status.textContent = said + " " + describe(items);
      });
    });

    // One link to the pack page, after the story's button or after the list of questions.
    var last = buttons[buttons.length - 1];
    var anchor = last.closest("ol") || last;
    var link = el("a", { href: PACK_URL, class: "voices-pack-open" });
    var wrap = el("p", { class: "voices-pack-open-wrap" });
    wrap.appendChild(link);
    anchor.insertAdjacentElement("afterend", wrap);

    function refresh() {
      var items = load();
      buttons.forEach(function (button) {
        if (!button._packItem) return;
        var inPack = indexOf(items, keyOf(button._packItem)) >= 0;
        button.setAttribute("aria-pressed", inPack ? "true" : "false");
        button.firstChild.textContent = inPack ? msg("inPack") : msg("add");
      });
      link.textContent = items.length
        ? msg("openCount", { items: msg("items", { num: items.length }) }) : msg("open");
    }
    refresh();
    window.addEventListener("storage", function (e) { if (e.key === KEY) refresh(); });
  }

  // ---- the pack page -----------------------------------------------------------------------

  var STORY_PARTS = ["aside.voices-notice--illustrative", "dl.voices-meta", "p.voices-summary-lead",
                     "details.voices-notice--content", "article.voices-story"];
  var DROP = "script, style, iframe, object, embed, form, template, [data-pagefind-ignore]";

  // A story page, fetched from this site, reduced to the parts a pack prints. Ids are removed
  // (several stories share them) and links made to work from the pack page.
  function storyParts(html, pageUrl) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var h1 = doc.querySelector(".md-content__inner h1");
    var out = document.createDocumentFragment();
    STORY_PARTS.forEach(function (selector) {
      var part = doc.querySelector(".md-content__inner " + selector);
      if (!part) return;
      part.querySelectorAll(DROP).forEach(function (n) { n.remove(); });
      [part].concat(Array.prototype.slice.call(part.querySelectorAll("*"))).forEach(function (n) {
        Array.prototype.slice.call(n.attributes).forEach(function (a) {
          var name = a.name.toLowerCase();
          if (name === "id" || name === "srcset" || name.indexOf("on") === 0 ||
              name.indexOf("data-pagefind") === 0) n.removeAttribute(a.name);
        });
        ["href", "src"].forEach(function (attr) {
          var value = n.getAttribute(attr);
          if (value === null) return;
          var url = new URL(value, pageUrl);
          if (url.protocol === "javascript:") { n.removeAttribute(attr); return; }
          // Links within the site stay site-relative, so print.css does not print their address.
          n.setAttribute(attr, url.origin === location.origin
            ? url.pathname + url.search + url.hash : url.href);
        });
      });
      out.appendChild(document.importNode(part, true));
    });
    return { title: h1 ? h1.textContent.trim() : "", parts: out,
             found: !!doc.querySelector(".md-content__inner article.voices-story") };
  }

  function initPack(root) {
    var list = document.getElementById("voices-pack-list");
    var status = document.getElementById("voices-pack-status");
    var empty = document.getElementById("voices-pack-empty");
    var printButton = document.getElementById("voices-pack-print");
    var clearButton = document.getElementById("voices-pack-clear");
    var nojs = document.querySelector(".voices-pack-nojs");
    if (nojs) nojs.hidden = true;
    root.hidden = false;
    var unavailable = !onWebsite() ? msg("offline") : !storageWorks() ? msg("noStorage") : "";
    if (unavailable) {
      root.textContent = "";
      root.appendChild(el("p", { class: "voices-pack-empty" }, unavailable));
      return;
    }

    var nodes = {}; // item key -> its <li>, kept so that a story is fetched only once
    var loading = {}; // item key -> a promise settled when its story is shown

    function controls(item, li) {
      var group = el("div", { class: "voices-pack-controls", role: "group",
                              "aria-label": item.kind === "story" ? item.title
                                : msg("question") });
      [["up", msg("up")], ["down", msg("down")], ["remove", msg("remove")]].forEach(function (c) {
        var b = el("button", { type: "button", class: "voices-pack-button",
                               "data-pack-action": c[0] }, c[1]);
        // The hidden words name the item, so "Remove" is never ambiguous out of context.
        b.appendChild(el("span", { class: "voices-pack-sr" }, " " + (item.kind === "story"
          ? msg("namedStory", { title: item.title }) : msg("namedQuestion", { text: item.text }))));
        b.addEventListener("click", function () { act(c[0], keyOf(item)); });
        group.appendChild(b);
      });
      li.appendChild(group);
    }

    function storyNode(item) {
      var li = el("li", { class: "voices-pack-item voices-pack-item--story" });
      var h2 = el("h2", { class: "voices-pack-title" });
      var a = el("a", { href: new URL(pathOf(item), BASE).pathname }, item.title);
      h2.appendChild(a);
      li.appendChild(h2);
      controls(item, li);
      var body = el("div", { class: "voices-pack-story" });
      body.appendChild(el("p", { class: "voices-pack-loading" }, msg("fetching")));
      li.appendChild(body);
      var url = new URL(pathOf(item), BASE).href;
      loading[keyOf(item)] = fetch(url, { credentials: "same-origin" }).then(function (r) {
        if (!r.ok) throw new Error(String(r.status));
        return r.text();
      }).then(function (html) {
        var story = storyParts(html, url);
        if (!story.found) throw new Error("no story");
        body.textContent = "";
        body.appendChild(story.parts);
        var article = body.querySelector("article.voices-story");
        if (article && article.lang) h2.lang = article.lang;
        if (story.title) a.textContent = story.title;
      }).catch(function () {
        body.textContent = "";
        body.appendChild(el("p", { class: "voices-pack-missing" }, msg("gone")));
      });
      return li;
    }

    function questionNode(item) {
      var li = el("li", { class: "voices-pack-item voices-pack-item--question" });
      // The link to the question's page goes where the message has {page}.
      var around = msg("questionFrom", { page: "\u0000" }).split("\u0000");
      var from = el("p", { class: "voices-pack-from" }, around[0]);
      from.appendChild(el("a", { href: new URL(pathOf(item), BASE).pathname }, item.title));
      if (around[1]) from.appendChild(document.createTextNode(around[1]));
      li.appendChild(from);
      li.appendChild(el("p", { class: "voices-pack-question" }, item.text));
      controls(item, li);
      return li;
    }

    function render() {
      var items = load();
      var keep = {};
      items.forEach(function (item, i) {
        var key = keyOf(item);
        keep[key] = true;
        var li = nodes[key] || (nodes[key] = item.kind === "story" ? storyNode(item)
          : questionNode(item));
        if (list.children[i] !== li) list.insertBefore(li, list.children[i] || null);
        li.querySelector("[data-pack-action=up]").disabled = i === 0;
        li.querySelector("[data-pack-action=down]").disabled = i === items.length - 1;
      });
      Object.keys(nodes).forEach(function (key) {
        if (!keep[key]) { nodes[key].remove(); delete nodes[key]; }
      });
      empty.hidden = items.length > 0;
      printButton.disabled = clearButton.disabled = items.length === 0;
      return items;
    }

    function act(action, key) {
      var items = load();
      var at = indexOf(items, key);
      if (at < 0) return;
      var item = items[at];
      var said;
      if (action === "remove") {
        items.splice(at, 1);
        said = item.kind === "story" ? msg("storyTakenOut", { title: item.title })
          : msg("questionTakenOut");
      } else {
        var to = action === "up" ? at - 1 : at + 1;
        if (to < 0 || to >= items.length) return;
        items.splice(to, 0, items.splice(at, 1)[0]);
        var place = { title: item.title, number: to + 1, total: items.length };
        said = item.kind === "story" ? msg("storyMoved", place) : msg("questionMoved", place);
      }
      save(items);
      render();
      status.textContent = said + " " + describe(items);
      // Keep keyboard focus where the reader is working.
      if (action === "remove") {
        var next = list.children[at] || list.children[at - 1];
        (next ? next.querySelector("[data-pack-action=remove]") : empty).focus();
      } else {
        var li = nodes[key];
        var same = li.querySelector("[data-pack-action=" + action + "]");
        (same.disabled ? li.querySelector("[data-pack-action=" +
          (action === "up" ? "down" : "up") + "]") : same).focus();
      }
    }

    printButton.addEventListener("click", function () {
      var pending = Object.keys(loading).map(function (k) { return loading[k]; });
      printButton.disabled = true;
      Promise.all(pending).then(function () {
        printButton.disabled = false;
        window.print();
      });
    });
    clearButton.addEventListener("click", function () {
      if (!window.confirm(msg("clear"))) return;
      save([]);
      render();
      status.textContent = describe([]);
      empty.focus();
    });
    window.addEventListener("storage", function (e) {
      if (e.key === KEY) status.textContent = describe(render());
    });
    status.textContent = describe(render());
  }

  if (!words) return;
  var pack = document.getElementById("voices-pack");
  if (pack) initPack(pack);
  var toggles = document.querySelectorAll("button.voices-pack-toggle");
  if (toggles.length) initToggles(Array.prototype.slice.call(toggles));
})();

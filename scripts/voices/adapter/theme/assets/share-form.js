/* The "Share your story" form: checks a story with the rules `voices check` uses and builds its
 * file. Every vocabulary, limit, pattern and step of the address check comes from
 * voices-schema.json, written by the build (scripts/voices/site/exports.py), and
 * tests/test_shared_rules.py runs the same cases through both. Two rules are still code on both
 * sides: the id made from a title (scaffold.slugify) and "a principle or a challenge"
 * (archive.py). Nothing is sent anywhere: the only request is for that JSON file, and the story
 * leaves the page only when the person presses copy, download, e-mail or GitHub.
 *
 * Everything it says comes in the site's language from assets/voices-words.js (written by the
 * build from the catalogue: scripts/voices/site/script_words.py), read with msg("key"); the
 * checker's messages too, by rule. Only the file it makes is in no language: the front
 * matter's keys and values. */
(function () {
  "use strict";

  var form = document.getElementById("share-form");
  if (!form) return;
  var script = document.currentScript;
  var schemaUrl = new URL("voices-schema.json", script ? script.src : location.href);
  var MAX_GITHUB_URL = 8000; // GitHub refuses much longer addresses
  var MAX_MAILTO_URL = 1800; // some e-mail programs cut longer ones short
  var schema = null;
  var built = null;

  // Without its words (a theme that leaves them out) the form stays hidden and the page keeps
  // its own words for a browser without JavaScript, in the site's language.
  var phrases = window.voicesWords && window.VOICES_WORDS
    ? window.voicesWords(window.VOICES_WORDS["share-form"]) : null;
  if (!phrases) return;
  var WORDS = phrases.words;

  /* A message in the site's language (assets/words.js). One that starts with a name ("{name} is
   * in the future") gets a capital letter: the page's names are lower case. */
  function msg(key, values) {
    var out = phrases(key, values);
    var text = WORDS[key];
    if (text && typeof text === "object") text = text.other; // a plural's forms start alike
    return typeof text === "string" && text.charAt(0) === "{" ? capital(out) : out;
  }

  /* The checker's words for one of its rules, in the site's language (its English in the
   * export otherwise, should a rule be newer than the words). */
  function ruleText(r) {
    return WORDS.rules[r.rule] || r.message + " " + r.hint;
  }

  function $(id) { return document.getElementById(id); }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text) node.textContent = text;
    return node;
  }

  function regex(p, extra) { return new RegExp(p.source, p.flags + (extra || "")); }

  /* ---- Building the form from the exported vocabularies ---- */

  function buildChoices(box) {
    var field = box.getAttribute("data-field");
    var entries = schema.vocabularies[box.getAttribute("data-vocab")] || [];
    entries.forEach(function (entry) {
      var id = "sf-" + field + "-" + entry.id;
      var row = el("div", { "class": "voices-choice" });
      var input = el("input", { type: "checkbox", id: id, name: field, value: entry.id });
      if (box.getAttribute("data-checked") === "all") input.checked = true;
      // Voices' own vocabulary (where a story may appear) in the site's language; the archive's
      // in its own words, as written.
      var own = box.getAttribute("data-vocab") === "scopes" ? WORDS.scopes[entry.id] : "";
      var label = el("label", { "for": id }, own || entry.label);
      row.appendChild(input);
      row.appendChild(label);
      if (entry.summary && entry.summary !== entry.label) {
        input.setAttribute("aria-describedby", id + "-hint");
        row.appendChild(el("p", { "class": "voices-hint", id: id + "-hint" }, entry.summary));
      }
      box.appendChild(row);
    });
  }

  function buildDate(box) {
    var name = box.getAttribute("data-date");
    var today = new Date();
    var parts = [["day", msg("day"), 2, today.getDate()],
                 ["month", msg("month"), 2, today.getMonth() + 1],
                 ["year", msg("year"), 4, today.getFullYear()]];
    parts.forEach(function (p) {
      var id = "sf-" + name + "-" + p[0];
      var wrap = el("div", { "class": "voices-date-part" });
      wrap.appendChild(el("label", { "for": id }, p[1]));
      var input = el("input", { id: id, name: name + "-" + p[0], type: "text",
        inputmode: "numeric", autocomplete: "off", maxlength: String(p[2]),
        "class": "voices-input-" + p[2] });
      if (box.getAttribute("data-today") === "yes") input.value = String(p[3]);
      wrap.appendChild(input);
      box.appendChild(wrap);
    });
  }

  function setUp() {
    Array.prototype.forEach.call(form.querySelectorAll("[data-vocab]"), buildChoices);
    Array.prototype.forEach.call(form.querySelectorAll("[data-date]"), buildDate);
    Array.prototype.forEach.call(form.querySelectorAll("[data-max-len]"), function (span) {
      span.textContent = String(schema.fields[span.getAttribute("data-max-len")].max_len);
    });
    $("share-nojs").hidden = true;
    form.hidden = false;
    form.addEventListener("submit", onSubmit);
    $("sf-title").addEventListener("input", showFileName);
    $("share-copy").addEventListener("click", copy);
    $("share-download").addEventListener("click", download);
    $("share-edit").addEventListener("click", function () {
      $("share-result").hidden = true;
      $("sf-title").focus();
    });
    $("share-email").addEventListener("click", guardLink);
    $("share-github").addEventListener("click", guardLink);
    showFileName();
  }

  /* ---- White space as Python sees it (str.split, str.strip): the checker's, not JavaScript's */

  function words(value) { return value.split(regex(schema.body.space)).filter(Boolean); }

  function oneLine(value) { return words(value).join(" "); }

  function strip(value, endOnly) {
    var space = regex(schema.body.space), a = 0, b = value.length; // one character at a time:
    while (!endOnly && a < b && space.test(value.charAt(a))) a++; // a pattern with '$' would
    while (b > a && space.test(value.charAt(b - 1))) b--; // take quadratic time on long runs
    return value.slice(a, b);
  }

  /* schema.title_key and body._ref_key: case and spacing do not count. */
  function key(value) { return words(value.toLowerCase()).join(" "); }

  function length(value) { return Array.from(value).length; } // characters, not UTF-16 units

  /* ---- Ids, the same way `voices new` makes them (scaffold.slugify) ---- */

  function slugify(title) {
    var ascii = title.normalize("NFKD").replace(/[^\x00-\x7f]/g, "");
    return ascii.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "")
      .slice(0, schema.id_max_len).replace(/^-+|-+$/g, "");
  }

  function storyId(title) {
    var base = slugify(title);
    if (!regex(schema.patterns.id).test(base)) base = "my-story";
    var taken = schema.taken_ids, id = base, n = 2;
    while (taken.indexOf(id) !== -1) id = base + "-" + n++;
    return id;
  }

  function showFileName() {
    var title = $("sf-title").value.trim();
    $("sf-filename").textContent = title
      ? msg("fileName", { path: schema.site.stories_folder + "/" + storyId(title) + ".md" })
      : "";
  }

  /* ---- Addresses in the story, found and judged as body.py does, step for step ---- */

  function matches(pattern, text) {
    var re = regex(pattern, "g"), found = [], m;
    while ((m = re.exec(text)) !== null) {
      found.push(m);
      if (!m[0]) re.lastIndex++;
    }
    return found;
  }

  /* body.url_scheme: the scheme a browser would see, after undoing escapes and encodings. */
  function urlScheme(url) {
    var steps = schema.body.url_scheme;
    var seen = url.replace(regex(steps.unescape, "g"), "$1");
    for (var i = 0; i < steps.rounds; i++) seen = unquote(unescapeHtml(seen, steps));
    seen = seen.replace(regex(steps.controls, "g"), "").toLowerCase();
    var m = regex(steps.scheme).exec(seen);
    return m ? m[1] : "";
  }

  /* html.unescape: the same references found; numeric ones by Python's tables. */
  function unescapeHtml(text, steps) {
    if (text.indexOf("&") === -1) return text;
    return text.replace(regex(steps.charref, "g"), function (all, ref) {
      if (ref.charAt(0) === "#") return numericRef(ref, steps);
      // Every name in the standard's list is letters and digits, perhaps then ';'. Python
      // takes the longest that starts the reference, as the browser's parser does.
      var name = /^[A-Za-z0-9]*;?/.exec(ref)[0];
      return namedRef(name) + ref.slice(name.length);
    });
  }

  function numericRef(ref, steps) {
    var hex = /^#[xX]/.test(ref);
    var n = parseInt(ref.slice(hex ? 2 : 1).replace(/;$/, ""), hex ? 16 : 10);
    if (Object.prototype.hasOwnProperty.call(steps.charref_table, String(n))) {
      return steps.charref_table[String(n)];
    }
    if ((n >= 0xd800 && n <= 0xdfff) || n > 0x10ffff) return "\ufffd";
    var dropped = steps.charref_dropped.some(function (r) { return n >= r[0] && n <= r[1]; });
    return dropped ? "" : String.fromCodePoint(n);
  }

  var decoder = null, decoded = Object.create(null);

  function namedRef(name) {
    if (!(name in decoded)) {
      decoder = decoder || document.createElement("textarea");
      decoder.innerHTML = "&" + name; // letters, digits and ';': nothing here can be markup
      decoded[name] = decoder.value;
    }
    return decoded[name];
  }

  var utf8 = new TextDecoder("utf-8", { ignoreBOM: true }); // Python keeps a leading BOM

  /* urllib.parse.unquote: each run of ASCII decoded as UTF-8, bad bytes as U+FFFD. */
  function unquote(text) {
    if (text.indexOf("%") === -1) return text;
    return text.replace(/[\x00-\x7f]+/g, function (run) {
      var bytes = [];
      for (var i = 0; i < run.length; i++) {
        var hex = run.substr(i + 1, 2);
        if (run.charAt(i) === "%" && /^[0-9a-fA-F]{2}$/.test(hex)) {
          bytes.push(parseInt(hex, 16));
          i += 2;
        } else {
          bytes.push(run.charCodeAt(i));
        }
      }
      return utf8.decode(new Uint8Array(bytes));
    });
  }

  /* body._check_links: [address, is it an image] for inline links and images, reference
   * definitions, and reference-style images that use a definition. */
  function addresses(body) {
    var rules = schema.body, found = [], defined = Object.create(null);
    matches(rules.definition, body).forEach(function (m) {
      if (!(key(m[1]) in defined)) defined[key(m[1])] = m[2];
      found.push([m[2], false]);
    });
    matches(rules.link, body).forEach(function (m) {
      found.push([m[1], isImage(body, m.index)]);
    });
    matches(rules.ref_image, body).forEach(function (m) {
      if (body.charAt(m.index + m[0].length) === "(") return; // an inline image, found above
      var ref = key(m[2] ? m[2] : m[1]);
      if (ref in defined) found.push([defined[ref], true]);
    });
    return found;
  }

  /* body._is_image: whether the ']' at `close` ends an image's text (brackets may nest). */
  function isImage(body, close) {
    var depth = 0;
    for (var i = close; i >= 0; i--) {
      var c = body.charAt(i);
      if (c === "]") {
        depth++;
      } else if (c === "[" && --depth === 0) {
        return i > 0 && body.charAt(i - 1) === "!";
      }
    }
    return false;
  }

  /* body._check_url: [rule, message], or null for an address the checker accepts. A picture
   * in the repository would pass, but this form cannot send one, so it refuses them all. */
  function checkAddress(url, image) {
    var rules = schema.body, scheme = urlScheme(url);
    if (scheme && rules.safe_schemes.indexOf(scheme) === -1) {
      return ["unsafe-link", msg("unsafeLink", { scheme: scheme })];
    }
    if (!image) return null;
    var first = words(url)[0] || "";
    var away = scheme || rules.other_host.some(function (p) { return first.indexOf(p) === 0; });
    return away ? ["external-image", msg("externalImage")]
      : ["missing-image", msg("missingImage")];
  }

  /* ---- Reading and checking the form: each error is [field, message, the checker's rule] */

  function checked(name) {
    return Array.prototype.map.call(form.querySelectorAll("input[name='" + name + "']:checked"),
      function (i) { return i.value; });
  }

  function readDate(name) {
    var get = function (part) { return $("sf-" + name + "-" + part).value.trim(); };
    var d = get("day"), m = get("month"), y = get("year");
    if (!d && !m && !y) return { empty: true };
    if (!/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d{4}$/.test(y)) return { bad: true };
    var date = new Date(0);
    date.setUTCFullYear(+y, +m - 1, +d); // Date.UTC would read the year 0024 as 1924
    if (+y < 1 || date.getUTCFullYear() !== +y || date.getUTCMonth() !== +m - 1 ||
        date.getUTCDate() !== +d) return { bad: true };
    return { iso: date.toISOString().slice(0, 10) };
  }

  function todayIso() {
    var t = new Date();
    var utc = new Date(Date.UTC(t.getFullYear(), t.getMonth(), t.getDate()));
    return utc.toISOString().slice(0, 10);
  }

  /* A text field as the checker reads it: markup first (the checker reads no further in a
   * file with markup in its front matter), then whether it is there and its length. True when
   * there is a value to check further. */
  function checkText(errors, name, value) {
    var spec = schema.fields[name];
    var label = $("sf-" + name).getAttribute("data-name");
    var before = errors.length;
    schema.body.text_rules.forEach(function (r) {
      if (regex(r.pattern).test(value)) {
        errors.push([name, msg("fieldProblem", { name: label, problem: ruleText(r) }), r.rule]);
      }
    });
    if (errors.length > before) return false;
    if (!value) {
      if (spec.required) errors.push([name, msg("enter", { name: label }), "missing-field"]);
      return false;
    }
    if (spec.max_len && length(value) > spec.max_len) {
      errors.push([name, msg("tooLong", { name: label, num: length(value), max: spec.max_len }),
        "too-long"]);
    }
    return true;
  }

  function checkDate(errors, name, spec) {
    var box = form.querySelector("[data-date='" + name + "']");
    var label = box.getAttribute("data-name");
    var value = readDate(name);
    if (value.empty) {
      if (spec.required) errors.push([name, msg("enter", { name: label }), "missing-field"]);
    } else if (value.bad) {
      errors.push([name, msg("badDate", { name: label }), "bad-date"]);
    } else if (spec.not_future && value.iso > todayIso()) {
      errors.push([name, msg("futureDate", { name: label }), "future-date"]);
    }
    return value.iso;
  }

  function checkBody(errors, body) {
    var rules = schema.body;
    if (!strip(body)) {
      errors.push(["body", msg("writeStory"), "empty-body"]);
      return;
    }
    rules.placeholders.forEach(function (p) {
      if (body.indexOf(p) !== -1) {
        errors.push(["body", msg("exampleText"), "placeholder-body"]);
      }
    });
    rules.rules.forEach(function (r) {
      if (regex(r.pattern).test(body)) errors.push(["body", ruleText(r), r.rule]);
    });
    var said = {}; // the checker names every address; the form says each thing once
    addresses(body).forEach(function (a) {
      var problem = checkAddress(a[0], a[1]);
      if (problem && !said[problem.join(" ")]) {
        said[problem.join(" ")] = true;
        errors.push(["body", problem[1], problem[0]]);
      }
    });
  }

  /* The first match of each kind of identifying detail, as body.private_details finds it. */
  function privateDetails(text) {
    var found = [];
    schema.body.private.forEach(function (p) {
      var m = regex(p.pattern).exec(text);
      if (m) found.push({ what: p.what, text: strip(m[0]) });
    });
    return found;
  }

  /* Warnings for the free-text fields the checker looks at (a nested field has no box here),
   * then the story itself. */
  function checkPrivate(warnings, values) {
    schema.body.private_fields.concat(["body"]).forEach(function (name) {
      var control = $("sf-" + name);
      if (!control || typeof values[name] !== "string") return;
      privateDetails(values[name]).forEach(function (d) {
        warnings.push(msg("private", { name: control.getAttribute("data-name"),
                                       what: WORDS.details[d.what] || d.what, text: d.text }));
      });
    });
  }

  function capital(s) { return s.charAt(0).toUpperCase() + s.slice(1); }

  function readForm() {
    var errors = [], warnings = [], fields = schema.fields;
    var v = {
      title: oneLine($("sf-title").value),
      summary: oneLine($("sf-summary").value),
      storyteller: oneLine($("sf-storyteller").value),
      place: oneLine($("sf-place").value),
      lang: strip($("sf-lang").value),
      body: $("sf-body").value.replace(/\r\n?/g, "\n").replace(/[\x00-\x08\x0b-\x1f\x7f]/g, ""),
      perspective: checked("perspective"),
      principles: checked("principles"),
      challenges: checked("challenges"),
      content_notes: checked("content_notes"),
      scope: checked("scope")
    };
    var before = errors.length; // a title the checker refuses is never compared with others
    if (checkText(errors, "title", v.title) && errors.length === before &&
        schema.taken_titles.indexOf(key(v.title)) !== -1) {
      errors.push(["title", msg("takenTitle"), "duplicate-title"]);
    }
    checkText(errors, "summary", v.summary);
    checkBody(errors, v.body);
    checkText(errors, "storyteller", v.storyteller);
    checkText(errors, "place", v.place);
    if (v.perspective.length < (fields.perspective.min_items || 0)) {
      errors.push(["perspective", msg("perspective"), "missing-field"]);
    }
    v.told = checkDate(errors, "told", fields.told);
    // archive.py's rule, not a field's: the file needs one or the other.
    if (!v.principles.length && !v.challenges.length) {
      var names = schema.site.names;  // what this archive calls them (mkdocs.yml)
      errors.push(["principles", msg("noTags", names), "no-tags"]);
    }
    if (v.scope.length < (fields.consent.fields.scope.min_items || 0)) {
      errors.push(["scope", msg("scope"), "missing-field"]);
    }
    v.consent_date = checkDate(errors, "consent_date", fields.consent.fields.date);
    checkPrivate(warnings, v);
    if (!$("sf-agree").checked) {
      errors.push(["agree", msg("agree"), "not-agreed"]);
    }
    // Empty is the checker's default, en.
    if (checkText(errors, "lang", v.lang) && !regex(schema.patterns.lang).test(v.lang)) {
      errors.push(["lang", msg("badLang"), "bad-lang"]);
    }
    return { values: v, errors: errors, warnings: warnings };
  }

  /* ---- Showing errors: a summary at the top and a message at each field ---- */

  function firstControl(name) {
    return $("sf-" + name) || $("sf-" + name + "-day") ||
      form.querySelector("input[name='" + name + "']");
  }

  function clearErrors() {
    Array.prototype.forEach.call(form.querySelectorAll(".voices-error"), function (p) {
      p.hidden = true;
      p.textContent = "";
    });
    Array.prototype.forEach.call(form.querySelectorAll("[aria-describedby]"), function (c) {
      c.removeAttribute("aria-invalid");
      var ids = (c.getAttribute("aria-describedby") || "").split(" ").filter(function (id) {
        return id && !/-error$/.test(id);
      });
      if (ids.length) c.setAttribute("aria-describedby", ids.join(" "));
      else c.removeAttribute("aria-describedby");
    });
    Array.prototype.forEach.call(form.querySelectorAll(".voices-field--error"), function (f) {
      f.classList.remove("voices-field--error");
    });
    $("share-errors").hidden = true;
    $("share-errors-list").textContent = "";
  }

  function showErrors(errors) {
    var list = $("share-errors-list");
    errors.forEach(function (e) {
      var name = e[0], message = e[1];
      var control = firstControl(name);
      var li = el("li", { "data-rule": e[2] }); // the checker's name for it, for the tests
      var a = el("a", { href: "#" + control.id }, message);
      a.addEventListener("click", function (ev) {
        ev.preventDefault();
        control.focus();
      });
      li.appendChild(a);
      list.appendChild(li);
      var inline = $("sf-" + name + "-error");
      if (inline) {
        inline.hidden = false;
        inline.appendChild(el("span", { "class": "voices-visually-hidden" }, msg("error") + " "));
        inline.appendChild(document.createTextNode(message + " "));
      }
      var field = $("field-" + name);
      if (field) field.classList.add("voices-field--error");
      var targets = field && field.tagName === "FIELDSET" ? [field] : [control];
      targets.forEach(function (t) {
        if (t.tagName !== "FIELDSET") t.setAttribute("aria-invalid", "true");
        var ids = (t.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
        if (inline && ids.indexOf(inline.id) === -1) ids.push(inline.id);
        if (ids.length) t.setAttribute("aria-describedby", ids.join(" "));
      });
    });
    var summary = $("share-errors");
    summary.hidden = false;
    summary.focus();
  }

  /* ---- Building the story file ---- */

  function quote(value) {
    // A YAML double-quoted string: safe for any text, whatever YAML would make of it bare
    // (yes, no, 1.10, dates, colons, '#', leading '[' or '*').
    return '"' + value.replace(/[\\"]/g, "\\$&").replace(
      /[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/g,
      function (c) { return "\\u" + ("000" + c.charCodeAt(0).toString(16)).slice(-4); }) + '"';
  }

  function list(ids) { return "[" + ids.join(", ") + "]"; }

  function storyFile(v) {
    var lines = {
      title: quote(v.title),
      summary: quote(v.summary),
      storyteller: quote(v.storyteller),
      perspective: list(v.perspective),
      principles: list(v.principles),
      challenges: list(v.challenges),
      told: v.told,
      place: v.place ? quote(v.place) : null,
      content_notes: list(v.content_notes),
      consent: "\n  date: " + v.consent_date + "\n  scope: " + list(v.scope),
      status: "published",
      illustrative: "false",
      lang: v.lang ? quote(v.lang) : null
    };
    var out = ["---"];
    schema.field_order.forEach(function (name) {
      var value = lines[name];
      if (value === null || value === undefined) return;
      out.push(name + ":" + (value.charAt(0) === "\n" ? value : " " + value));
    });
    out.push("---", "");
    return out.join("\n") + "\n" + strip(v.body, true) + "\n";
  }

  function onSubmit(ev) {
    ev.preventDefault();
    clearErrors();
    var result = readForm();
    if (result.errors.length) {
      $("share-result").hidden = true;
      showErrors(result.errors);
      return;
    }
    var v = result.values;
    var id = storyId(v.title);
    var text = storyFile(v);
    built = { id: id, path: schema.site.stories_folder + "/" + id + ".md", text: text,
              title: v.title };
    $("share-filename").textContent = built.path;
    $("share-output").value = text;
    $("share-status").textContent = "";
    var warnBox = $("share-warnings"), warnList = $("share-warnings-list");
    warnList.textContent = "";
    result.warnings.forEach(function (w) { warnList.appendChild(el("li", {}, w)); });
    warnBox.hidden = !result.warnings.length;
    setLinks();
    $("share-result").hidden = false;
    $("share-result-title").focus();
  }

  function setLinks() {
    var site = schema.site;
    var gh = $("share-github"), mail = $("share-email");
    if (site.repo) {
      var base = "https://github.com/" + site.repo + "/new/" + encodeURIComponent(site.branch) +
        "?filename=" + encodeURIComponent(built.path);
      var full = base + "&value=" + encodeURIComponent(built.text);
      var fits = full.length <= MAX_GITHUB_URL;
      gh.href = fits ? full : base;
      gh.parentNode.hidden = false;
      $("share-github-note").textContent = fits ? "" : msg("githubTooLong");
    } else {
      gh.parentNode.hidden = true;
      $("share-github-note").textContent = msg("noGithub");
    }
    if (site.contact_email) {
      var subject = msg("mailSubject", { title: built.title });
      var intro = msg("mailIntro") + "\n\n";
      var href = "mailto:" + site.contact_email + "?subject=" + encodeURIComponent(subject) +
        "&body=" + encodeURIComponent(intro + built.text);
      var short = href.length > MAX_MAILTO_URL;
      if (short) {
        href = "mailto:" + site.contact_email + "?subject=" + encodeURIComponent(subject) +
          "&body=" + encodeURIComponent(msg("mailAttached") + "\n");
      }
      mail.href = href;
      mail.parentNode.hidden = false;
      var address = msg("mailAddress", { address: site.contact_email });
      $("share-email-note").textContent = short ? msg("mailTooLong") + " " + address : address;
    } else {
      mail.parentNode.hidden = true;
      $("share-email-note").textContent = msg("noMail");
    }
  }

  function guardLink(ev) {
    if (!built) ev.preventDefault();
  }

  function say(message) {
    var status = $("share-status");
    status.textContent = "";
    // A fresh text node after clearing makes screen readers announce the same message again.
    window.setTimeout(function () { status.textContent = message; }, 50);
  }

  function copy() {
    var area = $("share-output");
    var done = function () { say(msg("copied")); };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(built.text).then(done, function () {
        fallbackCopy(area, done);
      });
    } else {
      fallbackCopy(area, done);
    }
  }

  function fallbackCopy(area, done) {
    area.focus();
    area.select();
    try {
      if (document.execCommand("copy")) { done(); return; }
    } catch (e) { /* fall through */ }
    say(msg("copyFailed"));
  }

  function download() {
    var blob = new Blob([built.text], { type: "text/markdown;charset=utf-8" });
    var url = URL.createObjectURL(blob);
    var a = el("a", { href: url, download: built.id + ".md" });
    document.body.appendChild(a);
    a.click();
    a.remove();
    window.setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
    say(msg("downloaded", { file: built.id + ".md" }));
  }

  // The offline copy has the rules as a script (voices-schema.js); the website fetches them.
  (window.VOICES_SCHEMA ? Promise.resolve(window.VOICES_SCHEMA) : fetch(schemaUrl.href, {
    credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    }))
    .then(function (data) { schema = data; setUp(); })
    .catch(function () {
      $("share-nojs").textContent = msg("noRules");
    });
})();

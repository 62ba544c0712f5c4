/* The "Share your story" form: checks a story with the rules `voices check` uses and builds its
 * file. Every vocabulary, limit and pattern comes from voices-schema.json, written by the build
 * (scripts/voices/exports.py); nothing here is a copy of them. Nothing is sent anywhere: the only
 * request is for that JSON file, and the story leaves the page only when the person presses copy,
 * download, e-mail or GitHub. */
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
      var label = el("label", { "for": id }, entry.label);
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
    var parts = [["day", "Day", 2, today.getDate()], ["month", "Month", 2, today.getMonth() + 1],
                 ["year", "Year", 4, today.getFullYear()]];
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

  /* ---- Ids, the same way `voices new` makes them (scaffold.slugify) ---- */

  function slugify(title) {
    var ascii = title.normalize("NFKD").replace(/[^\x00-\x7f]/g, "");
    return ascii.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "")
      .slice(0, schema.id_max_len).replace(/^-+|-+$/g, "");
  }

  function storyId(title) {
    var base = slugify(title) || "my-story";
    var taken = schema.taken_ids, id = base, n = 2;
    while (taken.indexOf(id) !== -1) id = base + "-" + n++;
    return id;
  }

  function showFileName() {
    var title = $("sf-title").value.trim();
    $("sf-filename").textContent = title
      ? "The file will be called " + schema.site.stories_folder + "/" + storyId(title) + ".md."
      : "";
  }

  /* ---- Reading and checking the form ---- */

  function checked(name) {
    return Array.prototype.map.call(form.querySelectorAll("input[name='" + name + "']:checked"),
      function (i) { return i.value; });
  }

  function oneLine(value) { return value.replace(/\s+/g, " ").trim(); }

  function readDate(name) {
    var get = function (part) { return $("sf-" + name + "-" + part).value.trim(); };
    var d = get("day"), m = get("month"), y = get("year");
    if (!d && !m && !y) return { empty: true };
    if (!/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d{4}$/.test(y)) return { bad: true };
    var date = new Date(Date.UTC(+y, +m - 1, +d));
    if (date.getUTCDate() !== +d || date.getUTCMonth() !== +m - 1) return { bad: true };
    return { iso: date.toISOString().slice(0, 10), date: date };
  }

  function todayIso() {
    var t = new Date();
    var utc = new Date(Date.UTC(t.getFullYear(), t.getMonth(), t.getDate()));
    return utc.toISOString().slice(0, 10);
  }

  function urlScheme(url) { // as body.url_scheme: undo percent-encoding, drop controls
    var seen = url;
    for (var i = 0; i < 3; i++) {
      try { seen = decodeURIComponent(seen); } catch (e) { break; }
    }
    seen = seen.replace(/[\x00-\x20\x7f]+/g, "").toLowerCase();
    var m = /^([a-z][a-z0-9+.-]*):/.exec(seen);
    return m ? m[1] : "";
  }

  function textRules(value, rules) {
    var found = [];
    rules.forEach(function (r) {
      if (regex(r.pattern).test(value)) found.push(r.message + " " + r.hint);
    });
    return found;
  }

  function checkText(errors, name, value, required) {
    var spec = schema.fields[name];
    var control = $("sf-" + name);
    var label = control.getAttribute("data-name");
    if (!value) {
      if (required) errors.push([name, "Enter " + label + "."]);
      return;
    }
    if (spec.max_len && value.length > spec.max_len) {
      errors.push([name, capital(label) + " is " + value.length + " characters long; the most is " +
        spec.max_len + ". Shorten it."]);
    }
    textRules(value, schema.body.text_rules).forEach(function (msg) {
      errors.push([name, capital(label) + ": " + msg]);
    });
  }

  function checkDate(errors, name, required) {
    var box = form.querySelector("[data-date='" + name + "']");
    var label = box.getAttribute("data-name");
    var value = readDate(name);
    if (value.empty) {
      if (required) errors.push([name, "Enter " + label + "."]);
    } else if (value.bad) {
      errors.push([name, capital(label) + " must be a real date, such as 27 3 2024."]);
    } else if (value.iso > todayIso()) {
      errors.push([name, capital(label) + " is in the future. Check the year and the month."]);
    }
    return value.iso;
  }

  function checkBody(errors, body) {
    var rules = schema.body;
    if (!body.trim()) {
      errors.push(["body", "Write your story."]);
      return;
    }
    rules.placeholders.forEach(function (p) {
      if (body.indexOf(p) !== -1) {
        errors.push(["body", "Your story still has the example text in it. Replace it with " +
          "your own words."]);
      }
    });
    rules.rules.forEach(function (r) {
      if (regex(r.pattern).test(body)) errors.push(["body", r.message + " " + r.hint]);
    });
    if (/!\[[^\]\n]*\]/.test(body)) {
      errors.push(["body", "This form cannot add pictures. Take out the part that starts " +
        "with '!['. You can send pictures to us by e-mail."]);
    }
    if (rules.link) {
      var re = regex(rules.link, "g"), m;
      while ((m = re.exec(body)) !== null) {
        var scheme = urlScheme(m[1] || "");
        if (scheme && rules.safe_schemes.indexOf(scheme) === -1) {
          errors.push(["body", "Links starting with '" + scheme + ":' are not allowed. Use a " +
            "web address starting with https://."]);
          break;
        }
      }
    }
  }

  /* The first match of each kind of identifying detail, as body.private_details finds it. */
  function privateDetails(text) {
    var found = [];
    schema.body.private.forEach(function (p) {
      var m = regex(p.pattern).exec(text);
      if (m) found.push({ what: p.what, text: m[0].trim() });
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
        warnings.push(capital(control.getAttribute("data-name")) + " has what looks like " +
          d.what + ": '" + d.text + "'. Take it out unless you are happy for everyone to see it.");
      });
    });
  }

  function capital(s) { return s.charAt(0).toUpperCase() + s.slice(1); }

  function readForm() {
    var errors = [], warnings = [];
    var v = {
      title: oneLine($("sf-title").value),
      summary: oneLine($("sf-summary").value),
      storyteller: oneLine($("sf-storyteller").value),
      place: oneLine($("sf-place").value),
      lang: $("sf-lang").value.trim(),
      body: $("sf-body").value.replace(/\r\n?/g, "\n").replace(/[\x00-\x08\x0b-\x1f\x7f]/g, ""),
      perspective: checked("perspective"),
      principles: checked("principles"),
      challenges: checked("challenges"),
      content_notes: checked("content_notes"),
      scope: checked("scope")
    };
    checkText(errors, "title", v.title, true);
    if (v.title && schema.taken_titles.indexOf(v.title.toLowerCase()) !== -1) {
      errors.push(["title", "Another story already has this title. Give yours a different one."]);
    }
    checkText(errors, "summary", v.summary, true);
    checkBody(errors, v.body);
    checkText(errors, "storyteller", v.storyteller, true);
    checkText(errors, "place", v.place, false);
    var need = schema.fields.perspective.min_items || 1;
    if (v.perspective.length < need) {
      errors.push(["perspective", "Choose where you speak from: at least one."]);
    }
    v.told = checkDate(errors, "told", schema.fields.told.required);
    if (!v.principles.length && !v.challenges.length) {
      errors.push(["principles", "Choose at least one principle or one challenge."]);
    }
    if (v.scope.length < (schema.fields.consent.fields.scope.min_items || 1)) {
      errors.push(["scope", "Choose where the story may appear: the website, print, or both."]);
    }
    v.consent_date = checkDate(errors, "consent_date", schema.fields.consent.fields.date.required);
    checkPrivate(warnings, v);
    if (!$("sf-agree").checked) {
      errors.push(["agree", "Tick the box to say the storyteller agrees to share the story."]);
    }
    if (!regex(schema.patterns.lang).test(v.lang)) {
      errors.push(["lang", "Enter a language code such as en or cy."]);
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
      var li = el("li");
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
        inline.appendChild(el("span", { "class": "voices-visually-hidden" }, "Error: "));
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
      lang: quote(v.lang)
    };
    var out = ["---"];
    schema.field_order.forEach(function (name) {
      var value = lines[name];
      if (value === null || value === undefined) return;
      out.push(name + ":" + (value.charAt(0) === "\n" ? value : " " + value));
    });
    out.push("---", "");
    return out.join("\n") + "\n" + v.body.replace(/\s+$/, "") + "\n";
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
      $("share-github-note").textContent = fits ? "" : "Your story is too long to fill in " +
        "for you. Press 'Copy the file' first, then paste it into GitHub's editor.";
    } else {
      gh.parentNode.hidden = true;
      $("share-github-note").textContent = "This site has no GitHub project set up.";
    }
    if (site.contact_email) {
      var subject = "My story for the archive: " + built.title;
      var intro = "Hello. Here is my story for the archive, as a story file. Please do not " +
        "publish it until you have checked it with me.\n\n";
      var href = "mailto:" + site.contact_email + "?subject=" + encodeURIComponent(subject) +
        "&body=" + encodeURIComponent(intro + built.text);
      var short = href.length > MAX_MAILTO_URL;
      if (short) {
        href = "mailto:" + site.contact_email + "?subject=" + encodeURIComponent(subject) +
          "&body=" + encodeURIComponent("Hello. My story file is attached.\n");
      }
      mail.href = href;
      mail.parentNode.hidden = false;
      $("share-email-note").textContent = (short ? "Your story is too long to put in the " +
        "e-mail for you: download the file, then attach it to the e-mail. " : "") +
        "The address is " + site.contact_email + ".";
    } else {
      mail.parentNode.hidden = true;
      $("share-email-note").textContent = "Download the file and keep it safe: this site has " +
        "no e-mail address set up yet.";
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
    var done = function () { say("Copied. You can paste the file where you need it."); };
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
    say("Your browser would not copy it. The file is selected: press Ctrl+C (or Cmd+C) to copy.");
  }

  function download() {
    var blob = new Blob([built.text], { type: "text/markdown;charset=utf-8" });
    var url = URL.createObjectURL(blob);
    var a = el("a", { href: url, download: built.id + ".md" });
    document.body.appendChild(a);
    a.click();
    a.remove();
    window.setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
    say("Downloaded " + built.id + ".md. Keep it somewhere safe.");
  }

  fetch(schemaUrl.href, { credentials: "same-origin" })
    .then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    })
    .then(function (data) { schema = data; setUp(); })
    .catch(function () {
      $("share-nojs").textContent = "The form could not load its rules. Please reload the page, " +
        "or share your story without the form (see 'How to share').";
    });
})();

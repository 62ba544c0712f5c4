/* The words a Voices script says to readers, in the site's language: JSON in a data-strings
   attribute (site/script_words.py for My pack and the share form, site/finder.py for the finder),
   a text for each message and, for a plural message, a text for each plural category of the
   language. voicesWords(element, lang) reads them (plurals by `lang`, else by the words' own
   "lang"): null if there are none, else a function of (key, values):
   the message with its {names} filled in from values, a plural one chosen by values.num; its .words
   holds the words themselves. Loaded before the scripts that use it (adapter/theme/main.html). */
window.voicesWords = function (element, lang) {
  "use strict";
  var WORDS = null;
  try {
    WORDS = JSON.parse(element.getAttribute("data-strings"));
  } catch (e) { /* no words */ }
  if (!WORDS) return null;
  var plurals = null;
  try {
    plurals = new Intl.PluralRules(lang || WORDS.lang);
  } catch (e) { /* no Intl: "one" for 1, "other" for the rest */ }

  function message(key, values) {
    var text = WORDS[key];
    values = values || {};
    if (text && typeof text === "object") {
      var n = values.num;
      text = text[plurals ? plurals.select(n) : n === 1 ? "one" : "other"] || text.other;
    }
    return String(text === undefined ? key : text).replace(/\{(\w+)\}/g, function (all, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : all;
    });
  }
  message.words = WORDS;
  return message;
};

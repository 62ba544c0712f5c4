/* The words a Voices script says to readers, in the site's language: for My pack and the share
   form, window.VOICES_WORDS[script] (assets/voices-words.js, written by the build from
   site/script_words.py); for the finder, JSON in its root's data-strings (site/finder.py). A
   text for each message and, for a plural message, a text for each plural category of the
   language. voicesWords(source, lang) reads them from `source`, the words or an element that
   holds them (plurals by `lang`, else by the words' own "lang"): null if there are none, else a
   function of (key, values): the message with its {names} filled in from values, a plural one
   chosen by values.num; its .words holds the words themselves. Loaded before the scripts that
   use it (adapter/theme/main.html). */
window.voicesWords = function (source, lang) {
  "use strict";
  var WORDS = null;
  if (source && source.getAttribute) {
    try {
      WORDS = JSON.parse(source.getAttribute("data-strings"));
    } catch (e) { /* no words */ }
  } else {
    WORDS = source || null;
  }
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

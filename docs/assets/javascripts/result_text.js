// What the header search box (search.js) and the Browse page (browse.js) share
// to show a paper: elements whose text is set as text, never as markup; an
// abstract's words; and which of them end inside TeX (`\(…\)`, `\[…\]`), so
// that a teaser or an excerpt never cuts a formula in two; and which results
// name the words typed.
(function () {
  "use strict";

  function element(name, className, text) {
    var node = document.createElement(name);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function words(text) {
    var trimmed = (text || "").trim();
    return trimmed ? trimmed.split(/\s+/) : [];
  }

  // Whether each word of `list` ends inside an open \( or \[.
  function openAfter(list) {
    var open = false;
    return list.map(function (word) {
      (word.match(/\\[()[\]]/g) || []).forEach(function (piece) { open = piece === "\\(" || piece === "\\["; });
      return open;
    });
  }

  // A word as compared with a word typed: lower case, a plural's "s" dropped.
  function wordForm(word) {
    return word.toLowerCase().replace(/(?:'s|s)$/, "");
  }

  // The words of `text`, and the parts of names written in CamelCase (NetMamba: Mamba).
  function wordsOf(text) {
    var found = {};
    text = text || "";
    (text + " " + text.replace(/(\p{Ll})(\p{Lu})/gu, "$1 $2")).split(/[^\p{L}\p{N}]+/u).forEach(function (word) {
      if (word) found[wordForm(word)] = true;
    });
    return found;
  }

  // Pagefind ranks by stems, so "transformer" finds "Transformation" as well as
  // "Transformer" and cannot tell them apart. Of results loaded together
  // (Pagefind's data), those whose title, then whose text, names more of the
  // words typed come first; otherwise Pagefind's order stays.
  function wordsTypedFirst(pages, terms) {
    var typed = terms.map(wordForm).filter(Boolean);
    function named(found) { return typed.filter(function (word) { return found[word]; }).length; }
    return pages.map(function (data, at) {
      return { data: data, at: at, title: named(wordsOf(data.meta && data.meta.title)), text: named(wordsOf(data.content)) };
    }).sort(function (a, b) {
      return (b.title - a.title) || (b.text - a.text) || (a.at - b.at);
    }).map(function (entry) { return entry.data; });
  }

  window.archiveResultText = {
    element: element,
    words: words,
    openAfter: openAfter,
    wordsTypedFirst: wordsTypedFirst,
    // A formula as the paper page writes it: \(…\) inline, \[…\] displayed.
    MATH: /\\\(([\s\S]+?)\\\)|\\\[([\s\S]+?)\\\]/g,
  };
})();

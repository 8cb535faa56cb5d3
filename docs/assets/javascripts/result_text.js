// What the header search box (search.js) and the Browse page (browse.js) share
// to show a paper: elements whose text is set as text, never as markup; an
// abstract's words; and which of them end inside TeX (`\(…\)`, `\[…\]`), so
// that a teaser or an excerpt never cuts a formula in two.
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

  window.archiveResultText = {
    element: element,
    words: words,
    openAfter: openAfter,
    // A formula as the paper page writes it: \(…\) inline, \[…\] displayed.
    MATH: /\\\(([\s\S]+?)\\\)|\\\[([\s\S]+?)\\\]/g,
  };
})();

// Renders the TeX that pymdownx.arithmatex (generic) marks, and nothing else:
// a dollar sign in ordinary text never starts math. document$ fires once
// Material has set up the page.
(function () {
  // TeX comes from source files anyone may write: no \href, \url or \htmlClass
  // (trust: false), no sizes beyond 10em (maxSize), no macro expanding more
  // than 1000 times (maxExpand), so one abstract cannot cover or hang the page.
  // What KaTeX lacks and abstracts use, each shown as its nearest kin: the
  // number sets as one letter (KaTeX knows \R, \N and \Z, not these), the
  // packages bbm, dsfont and nicefrac, amsxtra's capital accents, \mbox and
  // \textsc, and common shorthands an author's preamble would define.
  var MACROS = {
    "\\Q": "\\mathbb{Q}", "\\C": "\\mathbb{C}",
    "\\mathbbm": "\\mathbb", "\\mathds": "\\mathbb", "\\nicefrac": "{}^{#1}\\!/_{#2}",
    "\\Tilde": "\\tilde", "\\Bar": "\\bar", "\\Hat": "\\hat", "\\Dot": "\\dot", "\\Vec": "\\vec",
    "\\mbox": "\\text", "\\textsc": "\\text",
    "\\E": "\\mathbb{E}", "\\tr": "\\operatorname{tr}",
  };
  // A new object each time: a \gdef in one formula must not reach the next.
  function macros() { return Object.assign({}, MACROS); }
  function OPTIONS(display) {
    return { displayMode: display, throwOnError: false, trust: false, maxSize: 10, maxExpand: 1000, strict: "ignore",
             macros: macros() };
  }
  function render(root) {
    if (typeof katex === "undefined") return;
    root.querySelectorAll(".arithmatex").forEach(function (element) {
      if (element.dataset.rendered) return;
      var tex = element.textContent.trim();
      var display = tex.startsWith("\\[");
      tex = tex.replace(/^\\[\[(]/, "").replace(/\\[\])]$/, "");
      try {
        katex.render(tex, element, OPTIONS(display));
        element.dataset.rendered = "1";
      } catch (error) {
        // Leave the TeX source visible when it cannot be typeset.
      }
    });
  }
  // The browse page builds its results after the page has loaded.
  window.renderArchiveMath = render;
  // The header search's results typeset TeX too (search.js), with these macros.
  window.archiveMathMacros = macros;
  if (typeof document$ !== "undefined") {
    document$.subscribe(function () { render(document.body); });
  } else {
    document.addEventListener("DOMContentLoaded", function () { render(document.body); });
  }
})();

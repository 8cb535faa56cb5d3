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
  // TeX font and spacing commands, dropped where a formula is shown as text.
  var TEX_NOISE = /\\(?:mathcal|mathbf|mathrm|mathit|mathbb|mathsf|mathtt|boldsymbol|operatorname|text[a-z]*|left|right|[,;:!]|q?quad)(?![A-Za-z])/g;
  // A new object each time: a \gdef in one formula must not reach the next.
  function macros() { return Object.assign({}, MACROS); }
  function OPTIONS(display) {
    // A command KaTeX does not know (an author's own \\ours) stays in the typeset formula
    // as its name, in the text's colour rather than an error's red.
    return { displayMode: display, throwOnError: false, errorColor: "inherit", trust: false, maxSize: 10,
             maxExpand: 1000, strict: "ignore", macros: macros() };
  }
  // Readable text for TeX that cannot be typeset: \mathcal{O}(n) → O(n).
  function plainTex(tex) {
    return tex.replace(TEX_NOISE, " ").replace(/\\([A-Za-z]+)/g, "$1").replace(/[{}]/g, "").replace(/\s+/g, " ").trim();
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
      } catch (error) {
        element.textContent = "";
      }
      // TeX that KaTeX cannot read at all (a brace its source lost) is shown as text,
      // not as KaTeX's error: the formula's source, in red, in the middle of a title.
      if (!element.querySelector(".katex")) {
        element.textContent = plainTex(tex);
        element.classList.add("pa-tex-text");
      }
      element.dataset.rendered = "1";
    });
  }
  // The browse page builds its results after the page has loaded.
  window.renderArchiveMath = render;
  // The header search's results typeset TeX too (search.js), with these macros.
  window.archiveMathMacros = macros;
  window.archivePlainTex = plainTex;
  if (typeof document$ !== "undefined") {
    document$.subscribe(function () { render(document.body); });
  } else {
    document.addEventListener("DOMContentLoaded", function () { render(document.body); });
  }
})();

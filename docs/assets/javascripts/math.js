// Renders the TeX that pymdownx.arithmatex (generic) marks, and nothing else:
// a dollar sign in ordinary text never starts math. document$ fires once
// Material has set up the page.
(function () {
  // TeX comes from source files anyone may write: no \href, \url or \htmlClass
  // (trust: false), no sizes beyond 10em (maxSize), no macro expanding more
  // than 1000 times (maxExpand), so one abstract cannot cover or hang the page.
  // Authors write the number sets as one letter; KaTeX knows \R, \N and \Z, not these.
  // A new object each time: a \gdef in one formula must not reach the next.
  function OPTIONS(display) {
    return { displayMode: display, throwOnError: false, trust: false, maxSize: 10, maxExpand: 1000, strict: "ignore",
             macros: { "\\Q": "\\mathbb{Q}", "\\C": "\\mathbb{C}" } };
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
  if (typeof document$ !== "undefined") {
    document$.subscribe(function () { render(document.body); });
  } else {
    document.addEventListener("DOMContentLoaded", function () { render(document.body); });
  }
})();

// Renders the TeX that pymdownx.arithmatex (generic) marks, and nothing else:
// a dollar sign in ordinary text never starts math. document$ fires on every
// page load, including Material's instant navigation.
(function () {
  function render(root) {
    if (typeof katex === "undefined") return;
    root.querySelectorAll(".arithmatex").forEach(function (element) {
      if (element.dataset.rendered) return;
      var tex = element.textContent.trim();
      var display = tex.startsWith("\\[");
      tex = tex.replace(/^\\[\[(]/, "").replace(/\\[\])]$/, "");
      try {
        katex.render(tex, element, { displayMode: display, throwOnError: false });
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

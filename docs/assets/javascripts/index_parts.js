// The parts of the site's Pagefind index (generator/search_index.py), for the
// search box and the Browse page: the first is pagefind/, the others are listed
// in pagefind/parts.json. An index in one part, or one written before there
// were parts, lists none.
(function () {
  "use strict";

  // assets/javascripts/index_parts.js → the site's root, also under a sub-path.
  var script = document.currentScript;
  var bundle = new URL("../../pagefind/", script ? script.src : location.href);
  var parts = null;

  // The addresses of the parts' folders, the first first; asked once per page.
  window.archiveIndexParts = function () {
    if (!parts) {
      parts = fetch(new URL("parts.json", bundle).href).then(function (response) {
        return response.ok ? response.json() : { parts: [] };
      }).then(function (listed) {
        var others = listed && Array.isArray(listed.parts) ? listed.parts : [];
        return [bundle.href].concat(others.map(function (part) { return new URL(part, bundle).href; }));
      }, function () {
        return [bundle.href];
      });
    }
    return parts;
  };
})();

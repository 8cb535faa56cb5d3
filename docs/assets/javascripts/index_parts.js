// The parts of the site's Pagefind index (generator/search_index.py), for the
// search box and the Browse page: the first is pagefind/, the others are listed
// in pagefind/parts.json. An index in one part, or one written before there
// were parts, lists none.
//
// Each part sorts only its own papers, and Pagefind tells no one a result's
// sort key; the indexer gives each paper's keys to Pagefind as anchors of its
// page (`pa-order-<key>-…`, the key percent-encoded), which its fragment
// carries, and archiveMergedParts merges the parts' sorted lists by them.
(function () {
  "use strict";

  var ORDER_ANCHOR = "pa-order-";
  // Fragments loaded at once from a part's list while merging parts, at least.
  var MERGE_BATCH = 8;

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

  // Whether text `a` sorts before `b` as Pagefind sorts text keys: by code point.
  function before(a, b) {
    for (var at = 0; at < a.length && at < b.length; at++) {
      var x = a.codePointAt(at), y = b.codePointAt(at);
      if (x !== y) return x < y;
      if (x > 0xffff) at++;
    }
    return a.length < b.length;
  }

  function orderKey(data, key) {
    var prefix = ORDER_ANCHOR + key + "-";
    var anchor = (data.anchors || []).find(function (each) { return each.id.indexOf(prefix) === 0; });
    try {
      return anchor ? decodeURIComponent(anchor.id.slice(prefix.length)) : "";
    } catch (error) {
      return "";
    }
  }

  // The parts' lists of results, each sorted by the Pagefind sort key `key`, as
  // one list: `take(n)` gives the data of its next n papers. Fragments are
  // loaded a batch per part at a time, and a part's only when its head is
  // needed to choose the next paper.
  window.archiveMergedParts = function (lists, key) {
    var next = lists.map(function () { return 0; }); // each list's first result not loaded
    var ready = lists.map(function () { return []; }); // loaded, not yet taken, in order
    var total = lists.reduce(function (sum, list) { return sum + list.length; }, 0);

    function fill(part, count) {
      var slice = lists[part].slice(next[part], next[part] + count);
      next[part] += slice.length;
      return Promise.all(slice.map(function (result) { return result.data(); })).then(function (pages) {
        ready[part] = ready[part].concat(pages);
      });
    }

    function take(count) {
      var taken = [];
      function step() {
        var batch = Math.max(MERGE_BATCH, Math.ceil((count - taken.length) / lists.length));
        var loads = [];
        lists.forEach(function (list, part) {
          if (!ready[part].length && next[part] < list.length) loads.push(fill(part, lists.length === 1 ? count : batch));
        });
        return Promise.all(loads).then(function () {
          while (taken.length < count) {
            var best = -1;
            for (var part = 0; part < lists.length; part++) {
              if (!ready[part].length) {
                if (next[part] < lists[part].length) return step();
                continue;
              }
              if (best < 0 || before(orderKey(ready[part][0], key), orderKey(ready[best][0], key))) best = part;
            }
            if (best < 0) break;
            taken.push(ready[best].shift());
          }
          return taken;
        });
      }
      return step();
    }

    return { total: total, take: take };
  };
})();

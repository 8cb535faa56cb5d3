// The browse page: the papers carrying every picked tag, narrowed by words of
// their titles and sorted, from the site's Pagefind index (pagefind/), the one
// the header search box uses. Nothing of the whole archive is downloaded: the
// page loads Pagefind's code, its page list, its filter chunks and the index
// chunks of the words it searches, then one fragment per paper shown,
// PAGE_SIZE at a time.
//
// - Tags: Pagefind's `tag` filter, all of them required. Each tag counts the
//   papers it would leave if it were picked too (the title words aside).
// - Title words: each word is searched as the search box searches it (by its
//   stem, as the start of a word, CamelCase parts too: `learn` finds Learning,
//   `mamba` finds NetMamba); a paper is kept when Pagefind matched every word
//   in its title, not only in its abstract.
// - Order: the `newest` and `title` sort keys (generator/search_fields.py),
//   unique per paper, so equal dates and titles come in the same order every time.
//
// - Parts: an index of many papers comes in parts, each sorted on its own.
//   Each part is searched by a module of its own, and their lists are merged
//   by each paper's sort key (index_parts.js).
//
// The choice lives in the address (?tags=A,B&title=words&sort=title; each tag
// name URI-encoded, so a comma in a name is %2C) so that it can be shared. Not
// `q`: Material opens its search for any address carrying `q`. Everything is
// built with DOM calls and textContent: titles and names are data, never
// markup. TeX (`\(…\)`, `\[…\]` as the paper page shows it) goes into
// arithmatex spans that math.js typesets.
(function () {
  "use strict";

  var shared = window.archiveResultText;  // result_text.js
  var element = shared.element, words = shared.words, openAfter = shared.openAfter, MATH = shared.MATH;
  var PAGE_SIZE = 50;
  // Title words are searched once the typing pauses; a word of one or two
  // letters matches many of the index's words, whose chunks it would download.
  var DEBOUNCE_MS = 200;
  var SHORT_WORD = 3;
  var SHORT_DEBOUNCE_MS = 700;
  var SORTS = { date: { newest: "asc" }, title: { title: "asc" } };
  // Every paper page carries this word (generator/search_fields.py PAPER_WORD):
  // searching it lists them all from one index chunk, where a search for
  // nothing (null) would download every chunk of the index.
  var PAPER_WORD = "zzpaper";
  var TEASER_WORDS = 45;
  var TEASER_CHARS = 240;
  // As generator/clean.py: a full stop after these does not end the sentence.
  var ABBREVIATIONS = ["e.g.", "i.e.", "et al.", "etc.", "vs.", "cf.", "fig.", "eq.", "no.", "approx.", "resp.", "al."];
  var MAX_AUTHORS = 6;
  var UNAVAILABLE = "Combining tags needs the site's search index, which could not be loaded " +
    "(a site built without it is indexed by paper-archive index).";
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];

  var pagefind = null;

  // Each part's own Pagefind module, each sorting its own papers. Modules, not
  // instances of one: Pagefind's instances share one WebAssembly module, which
  // breaks when they load different indexes at once. The first part's module is
  // loaded at an address of its own (`?browse`), as the search box merges the
  // other parts into the module it loads from there, and sorts their results by score.
  function load() {
    if (!pagefind) {
      pagefind = window.archiveIndexParts().then(function (parts) {
        return Promise.all(parts.map(function (part, number) {
          return import(new URL(number ? "pagefind.js" : "pagefind.js?browse", part).href);
        }));
      }).catch(function (error) {
        pagefind = null;
        throw error;
      });
    }
    return pagefind;
  }

  function decode(text) {
    try {
      return decodeURIComponent(text.replace(/\+/g, " "));
    } catch (error) {
      return "";
    }
  }

  function readState() {
    var state = { tags: [], q: "", sort: "date" };
    location.search.replace(/^\?/, "").split("&").forEach(function (pair) {
      if (!pair) return;
      var equals = pair.indexOf("=");
      var key = decode(equals < 0 ? pair : pair.slice(0, equals));
      var value = equals < 0 ? "" : pair.slice(equals + 1);
      if (key === "tags") {
        state.tags = value.split(",").map(decode).filter(function (name) { return name.trim(); });
      } else if (key === "title") {
        state.q = decode(value);
      } else if (key === "sort") {
        state.sort = decode(value) === "title" ? "title" : "date";
      }
    });
    return state;
  }

  function writeState(state) {
    var parts = [];
    if (state.tags.length) parts.push("tags=" + state.tags.map(encodeURIComponent).join(","));
    if (state.q) parts.push("title=" + encodeURIComponent(state.q));
    if (state.sort !== "date") parts.push("sort=" + state.sort);
    var address = location.pathname + (parts.length ? "?" + parts.join("&") : "") + location.hash;
    // replaceState keeps the history entry's own state.
    history.replaceState(history.state, "", address);
  }

  // `text` as text nodes; with `math`, each \(…\) or \[…\] as an inline arithmatex span.
  function appendText(node, text, math) {
    var last = 0;
    if (math) {
      text.replace(MATH, function (tex, inline, display, offset) {
        node.appendChild(document.createTextNode(text.slice(last, offset)));
        var body = inline !== undefined ? inline : display;
        node.appendChild(element("span", "arithmatex", "\\(" + body.trim() + "\\)"));
        last = offset + tex.length;
        return tex;
      });
    }
    node.appendChild(document.createTextNode(text.slice(last)));
    return node;
  }

  // `2024-03-14` → `14 March 2024`, `2024-03` → `March 2024`, as the cards of the other pages.
  function dateLabel(date) {
    var parts = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(date);
    if (!parts || (parts[2] && !MONTHS[Number(parts[2]) - 1])) return date;
    if (!parts[2]) return parts[1];
    var month = MONTHS[Number(parts[2]) - 1] + " " + parts[1];
    return parts[3] ? Number(parts[3]) + " " + month : month;
  }

  // Words Pagefind can search: a word of punctuation alone would match nothing.
  function titleWords(text) {
    return words(text).filter(function (word) { return /[\p{L}\p{N}]/u.test(word); });
  }

  function endsSentence(word, next) {
    if (!/[.!?]$/.test(word) || !/^["'(\[]?[A-Z0-9]/.test(next)) return false;
    var lower = word.toLowerCase();
    if (ABBREVIATIONS.some(function (short) { return lower.slice(-short.length) === short; })) return false;
    return !/(^|[^A-Za-z0-9_])[A-Za-z]\.$/.test(word); // an initial
  }

  // The abstract's first sentence (as the cards' teaser), cut at a word when
  // long, and never inside a formula. Pagefind's content is the title, then
  // the abstract (meta `abstract_words` long), then notes, authors and tags.
  function teaser(data, math) {
    var content = words(data.content);
    var start = words(data.meta.title).length;
    var count = Number(data.meta.abstract_words);
    if (!(count > 0) || start >= content.length) return "";
    var abstract = content.slice(start, start + count);
    var open = math ? openAfter(abstract) : [];
    var end = Math.min(abstract.length, TEASER_WORDS);
    for (var at = 0; at < end - 1; at++) {
      if (!open[at] && endsSentence(abstract[at], abstract[at + 1])) { end = at + 1; break; }
    }
    var cut = end < abstract.length && !(end > 0 && /[.!?]$/.test(abstract[end - 1]));
    var length = function () { return abstract.slice(0, end).join(" ").length; };
    if (length() > TEASER_CHARS) {
      // Cut within the first TEASER_CHARS characters, at a word, as the cards are.
      cut = true;
      while (end > 1 && length() >= TEASER_CHARS) end -= 1;
    }
    while (end > 0 && open[end - 1]) { end -= 1; cut = true; }
    var text = abstract.slice(0, end).join(" ");
    return cut ? text.replace(/[\s,;:]+$/, "") + "…" : text;
  }

  function resultItem(data) {
    var math = data.meta.math === "1";
    var item = element("li", "browse-result");
    var link = appendText(element("a", "browse-result__title"), data.meta.title || data.url, math);
    link.href = new URL(data.url, location.href).href;
    item.appendChild(link);
    var facts = [];
    var authors = data.meta.authors ? data.meta.authors.split(", ") : [];
    if (authors.length) facts.push(authors.slice(0, MAX_AUTHORS).join(", ") + (authors.length > MAX_AUTHORS ? " et al." : ""));
    // The day the archive files the paper under, as the other listings show it.
    var day = data.meta.listed || data.meta.date;
    if (day) facts.push(dateLabel(day));
    if (facts.length) item.appendChild(element("div", "browse-result__byline", facts.join(" · ")));
    var lead = teaser(data, math);
    if (lead) item.appendChild(appendText(element("div", "browse-result__teaser"), lead, math));
    var tags = (data.filters && data.filters.tag) || [];
    if (tags.length) item.appendChild(element("div", "browse-result__tags", tags.join(" · ")));
    return item;
  }

  // The parts' lists, each in the order `sort`, as one (index_parts.js).
  function mergedParts(lists, sort) {
    return window.archiveMergedParts(lists, Object.keys(SORTS[sort])[0]);
  }

  function addCounts(into, counts) {
    Object.keys(counts).forEach(function (name) { into[name] = (into[name] || 0) + counts[name]; });
    return into;
  }

  // The papers for `state` in order, as `merged` lists, and each tag's count
  // among the papers of the tags picked.
  function find(parts, state) {
    return Promise.all(parts.map(function (part) { return findInPart(part, state); })).then(function (found) {
      return {
        list: mergedParts(found.map(function (each) { return each.results; }), state.sort),
        counts: found.reduce(function (sum, each) { return addCounts(sum, each.counts); }, {}),
      };
    });
  }

  // One part's papers for `state`, in order, and its tag counts.
  function findInPart(part, state) {
    var options = { filters: state.tags.length ? { tag: { all: state.tags } } : {}, sort: SORTS[state.sort] };
    var searched = titleWords(state.q);
    var searches = [part.search(PAPER_WORD, options)].concat(searched.map(function (word) {
      return part.search(word, options);
    }));
    return Promise.all(searches).then(function (found) {
      var counts = found[0].filters.tag || {};
      if (found.length === 1) return { results: found[0].results, counts: counts };
      var inTitle = found.slice(1).map(function (search) {
        var ids = new Set();
        search.results.forEach(function (result) {
          if ((result.matchedMetaFields || []).indexOf("title") >= 0) ids.add(result.id);
        });
        return ids;
      });
      var results = found[1].results.filter(function (result) {
        return inTitle.every(function (ids) { return ids.has(result.id); });
      });
      return { results: results, counts: counts };
    });
  }

  function byName(a, b) {
    var x = a.toLowerCase(), y = b.toLowerCase();
    return x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0;
  }

  function setup(container, parts, tagCounts) {
    var state = readState();
    var names = Object.keys(tagCounts).sort(byName);
    var known = {};
    names.forEach(function (name) { known[name.toLowerCase()] = known[name.toLowerCase()] || name; });
    // Names from a shared address are matched whatever their case; unknown ones are dropped, and said so.
    var unknown = state.tags.filter(function (name) { return !known[name.toLowerCase()]; }), note = document.getElementById("browse-unknown");
    if (unknown.length && note) {
      note.textContent = "No tag named “" + unknown.join("”, “") + "” in this archive: the papers below are picked without it.";
      note.hidden = false;
    }
    state.tags = state.tags.map(function (name) { return known[name.toLowerCase()]; }).filter(Boolean)
      .filter(function (name, index, list) { return list.indexOf(name) === index; });

    var filter = document.getElementById("browse-filter");
    var sort = document.getElementById("browse-sort");
    var box = document.getElementById("browse-tags");
    var count = document.getElementById("browse-count");
    var list = document.getElementById("browse-results");
    var more = document.getElementById("browse-more");
    var clear = document.getElementById("browse-clear");
    var boxes = {};
    var found = { list: mergedParts([], state.sort), shown: 0 };
    var ticket = 0;
    var typing = null;

    names.forEach(function (name) {
      var label = element("label", "browse-tag");
      var input = element("input");
      input.type = "checkbox";
      input.value = name;
      input.setAttribute("data-tag", name);
      label.appendChild(input);
      label.appendChild(element("span", "browse-tag__name", name));
      var number = element("span", "browse-tag__count");
      label.appendChild(number);
      box.appendChild(label);
      boxes[name] = { input: input, label: label, count: number };
      input.addEventListener("change", function () {
        state.tags = names.filter(function (other) { return boxes[other].input.checked; });
        update();
      });
    });

    filter.value = state.q;
    sort.value = state.sort;
    filter.addEventListener("input", function () {
      state.q = filter.value;
      clearTimeout(typing);
      // The list no longer answers the choice (see show).
      count.removeAttribute("data-count");
      var shortest = Math.min.apply(null, titleWords(state.q).map(function (word) { return word.length; }).concat([SHORT_WORD]));
      typing = setTimeout(update, shortest < SHORT_WORD ? SHORT_DEBOUNCE_MS : DEBOUNCE_MS);
    });
    sort.addEventListener("change", function () { state.sort = sort.value === "title" ? "title" : "date"; update(); });
    more.addEventListener("click", function () { show(ticket); });
    clear.addEventListener("click", function () {
      state = { tags: [], q: "", sort: "date" };
      filter.value = "";
      sort.value = "date";
      update();
    });

    // The next PAGE_SIZE papers of the current list, each from its fragment.
    function show(asked) {
      more.disabled = true;
      return found.list.take(PAGE_SIZE).then(function (pages) {
        if (asked !== ticket) return;
        var fragment = document.createDocumentFragment();
        pages.forEach(function (data) { fragment.appendChild(resultItem(data)); });
        list.appendChild(fragment);
        if (typeof window.renderArchiveMath === "function") window.renderArchiveMath(list);
        found.shown += pages.length;
        more.disabled = false;
        more.hidden = found.shown >= found.list.total;
        // Which choice the list answers (for tests and benchmarks).
        count.setAttribute("data-count", String(found.list.total));
        count.setAttribute("data-shown", String(found.shown));
      });
    }

    function update() {
      clearTimeout(typing);
      writeState(state);
      var asked = ++ticket;
      count.removeAttribute("data-count");
      return find(parts, state).then(function (answer) {
        if (asked !== ticket) return;
        names.forEach(function (name) {
          var entry = boxes[name];
          var picked = state.tags.indexOf(name) >= 0;
          var number = answer.counts[name] || 0;
          entry.input.checked = picked;
          entry.count.textContent = String(number);
          entry.label.classList.toggle("browse-tag--picked", picked);
          entry.label.classList.toggle("browse-tag--empty", !picked && number === 0);
        });
        var total = answer.list.total;
        count.textContent = total === 1 ? "1 paper" : total.toLocaleString("en") + " papers";
        found = { list: answer.list, shown: 0 };
        list.replaceChildren();
        more.hidden = true;
        return show(asked);
      }).catch(function (error) {
        if (asked !== ticket) return;
        count.textContent = "The papers could not be loaded.";
        if (window.console) console.warn("browse:", error);
      });
    }

    container.hidden = false;
    var fallback = document.getElementById("browse-static");
    if (fallback) fallback.hidden = true;
    return update();
  }

  function start() {
    var container = document.getElementById("browse-app");
    if (!container || container.getAttribute("data-ready")) return;
    container.setAttribute("data-ready", "1");
    var parts;
    load().then(function (loaded) {
      parts = loaded;
      // Every filter's values and counts: the tag list (and Pagefind's filter chunks, loaded once).
      return Promise.all(parts.map(function (part) { return part.filters(); }));
    }).then(function (filters) {
      var tags = filters.reduce(function (sum, each) { return addCounts(sum, each.tag || {}); }, {});
      if (document.getElementById("browse-app") === container) setup(container, parts, tags);
    }).catch(function (error) {
      // The fallback's tag pages stay, with a word on why there is nothing more.
      var fallback = document.getElementById("browse-static");
      if (fallback) fallback.insertBefore(element("p", "pa-browse__count", UNAVAILABLE), fallback.firstChild);
      if (window.console) console.warn("browse:", error);
    });
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(start);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

// The header search box (overrides/partials/search.html) over the Pagefind
// index in pagefind/: a query fetches a few index chunks and the fragments of
// the results it shows, never the whole archive. Each result shows the
// paper's title, authors, date, tags and the part of its abstract that
// matches, with the matched words marked and TeX typeset by KaTeX.
//
// Everything taken from the index is inserted as text; only KaTeX's own
// output is inserted as HTML. The box is wired once per page load, and the
// target page highlights the matched words.
(function () {
  "use strict";

  var shared = window.archiveResultText;  // result_text.js
  var element = shared.element, words = shared.words, openAfter = shared.openAfter, MATH = shared.MATH;
  var PAGE_SIZE = 10;
  // A query waits this long for the next key. A prefix of one or two letters
  // matches a large share of the index's words, whose chunks it would
  // download, so it is searched only when the typing stops for longer.
  var DEBOUNCE_MS = 200;
  var SHORT_QUERY = 3;
  var SHORT_DEBOUNCE_MS = 700;
  var EXCERPT_WORDS = 32;
  var CONTEXT_WORDS = 6;
  var HIGHLIGHT_PARAM = "pagefind-highlight";
  var MAX_HIGHLIGHTS = 12;  // words a result's address carries for its page to mark

  // assets/javascripts/search.js → the site's root, also under a sub-path.
  var script = document.currentScript;
  var root = new URL("../../", script ? script.src : location.href);
  var pagefind = null;
  var latest = 0;
  var shown = { search: null, count: 0, query: "" };

  // Pagefind, with every part of the index (index_parts.js) merged into its
  // one instance: a query searches them all, best results first. The parts
  // merged are asked for their metadata without sort orders, which only the
  // Browse page uses (generator/search_meta.py); Pagefind chooses the first
  // part's by the page's language alone.
  function load() {
    if (!pagefind) {
      var unsorted = (document.documentElement.getAttribute("lang") || "unknown").toLowerCase() + "-x-nosort";
      pagefind = Promise.all([import(new URL("pagefind/pagefind.js", root).href), window.archiveIndexParts()]).then(function (loaded) {
        var module = loaded[0];
        return Promise.all(loaded[1].slice(1).map(function (part) { return module.mergeIndex(part, { language: unsorted }); })).then(function () {
          return module;
        });
      }).catch(function (error) {
        pagefind = null;
        throw error;
      });
    }
    return pagefind;
  }

  function escapeHtml(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  // Readable text for TeX that cannot be typeset (math.js), as the pages show it.
  function plainTex(tex) {
    return window.archivePlainTex ? window.archivePlainTex(tex) : tex;
  }

  // Bounds for TeX from untrusted sources: no giant boxes, no runaway macros.
  var KATEX_OPTIONS = { displayMode: false, throwOnError: false, errorColor: "inherit", strict: "ignore", trust: false, maxSize: 10, maxExpand: 200 };
  var MAX_TEX = 1000;

  function typeset(tex) {
    if (typeof katex !== "undefined" && tex.length <= MAX_TEX) {
      try {
        // The macros the pages have (math.js), a new object each time, as there.
        var macros = window.archiveMathMacros ? window.archiveMathMacros() : {};
        var html = katex.renderToString(tex, Object.assign({ macros: macros }, KATEX_OPTIONS));
        // TeX KaTeX cannot read at all comes back as its error; shown as text instead, as on the pages.
        if (html.indexOf('class="katex-error"') < 0) return html;
      } catch (error) {
        // Falls through to plain text.
      }
    }
    return escapeHtml(plainTex(tex));
  }

  // HTML for `words`, those whose index is in `hits` marked; with `math`,
  // \(…\) and \[…\] (how arithmatex marks TeX) are typeset.
  function renderWords(words, hits, math) {
    var text = "";
    var ranges = [];
    words.forEach(function (word, index) {
      if (index) text += " ";
      if (hits.has(index)) {
        // Mark the word, not the punctuation around it ("NetMamba:" → NetMamba).
        var lead = word.match(/^[^\p{L}\p{N}]*/u)[0].length;
        var trail = word.match(/[^\p{L}\p{N}]*$/u)[0].length;
        if (lead + trail >= word.length) lead = trail = 0;
        ranges.push([text.length + lead, text.length + word.length - trail]);
      }
      text += word;
    });
    var overlaps = function (start, end) {
      return ranges.some(function (range) { return range[0] < end && range[1] > start; });
    };
    var plain = function (start, end) {
      var html = "";
      var at = start;
      ranges.forEach(function (range) {
        var from = Math.max(range[0], start);
        var to = Math.min(range[1], end);
        if (from >= to || from < at) return;
        html += escapeHtml(text.slice(at, from)) + "<mark>" + escapeHtml(text.slice(from, to)) + "</mark>";
        at = to;
      });
      return html + escapeHtml(text.slice(at, end));
    };
    if (!math) return plain(0, text.length);
    var html = "";
    var at = 0;
    text.replace(MATH, function (match, inline, display, offset) {
      html += plain(at, offset);
      var formula = typeset(inline !== undefined ? inline : display);
      html += overlaps(offset, offset + match.length) ? "<mark>" + formula + "</mark>" : formula;
      at = offset + match.length;
      return match;
    });
    return html + plain(at, text.length);
  }

  // The abstract's words around its densest run of matches. Pagefind's
  // content is the title, then the abstract, then authors and tags; the page
  // says how many words its abstract has (meta `abstract_words`).
  function excerpt(data, math) {
    var content = words(data.content);
    var start = words(data.meta.title).length;
    var count = Number(data.meta.abstract_words);
    if (!(count > 0) || start >= content.length) {
      start = 0;
      count = content.length;
    }
    var end = Math.min(content.length, start + count);
    var hits = (data.locations || []).filter(function (at) { return at >= start && at < end; }).sort(function (a, b) { return a - b; });
    var from = start;
    if (hits.length) {
      var best = hits[0];
      var bestCount = 0;
      hits.forEach(function (hit) {
        var inWindow = hits.filter(function (other) { return other >= hit && other < hit + EXCERPT_WORDS; }).length;
        if (inWindow > bestCount) { best = hit; bestCount = inWindow; }
      });
      from = Math.max(start, best - CONTEXT_WORDS);
    }
    var to = Math.min(end, from + EXCERPT_WORDS);
    from = Math.max(start, Math.min(from, to - EXCERPT_WORDS));
    if (math) {
      // Never cut a formula in two: widen to its ends, or leave it out.
      var open = openAfter(content.slice(start, end));
      var inside = function (at) { return at > start && open[at - 1 - start]; };
      while (inside(from)) from -= 1;
      var stretch = 0;
      while (to < end && inside(to) && stretch < 40) { to += 1; stretch += 1; }
      while (inside(to) && to > from) to -= 1;
    }
    var marked = new Set(hits.filter(function (at) { return at >= from && at < to; }).map(function (at) { return at - from; }));
    var html = renderWords(content.slice(from, to), marked, math);
    return (from > start ? "… " : "") + html + (to < end ? " …" : "");
  }

  function titleHtml(data, math) {
    var title = words(data.meta.title);
    var hits = new Set((data.locations || []).filter(function (at) { return at < title.length; }));
    return renderWords(title, hits, math);
  }

  // The words the result matched, as its page shows them ("Architecture", "architectures" for
  // "architecture"): the page marks the words it is given as written, and Pagefind matches stems.
  function matchedWords(data, terms) {
    var content = words(data.content);
    var found = new Set(terms);
    (data.locations || []).forEach(function (at) {
      var word = (content[at] || "").replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "").toLowerCase();
      if (word && found.size < MAX_HIGHLIGHTS) found.add(word);
    });
    return Array.from(found);
  }

  function resultItem(data, terms) {
    var math = data.meta.math === "1";
    var item = element("li", "md-search-result__item");
    var link = element("a", "md-search-result__link");
    var target = new URL(data.url, location.href);
    matchedWords(data, terms).forEach(function (term) { target.searchParams.append(HIGHLIGHT_PARAM, term); });
    link.href = target.href;
    var article = element("article", "md-search-result__article md-typeset pa-search-result");
    var heading = element("h1");
    heading.innerHTML = titleHtml(data, math);
    article.appendChild(heading);
    var byline = [data.meta.authors, data.meta.date].filter(Boolean).join(" · ");
    if (byline) article.appendChild(element("p", "pa-search-result__byline", byline));
    var tags = (data.filters && data.filters.tag) || [];
    if (tags.length) {
      // Not Material's nav: a landmark inside a link, one per result, only adds noise.
      var list = element("div", "md-tags pa-search-result__tags");
      tags.forEach(function (tag) { list.appendChild(element("span", "md-tag", tag)); });
      article.appendChild(list);
    }
    var text = element("p", "pa-search-result__excerpt");
    text.innerHTML = excerpt(data, math);
    article.appendChild(text);
    link.appendChild(article);
    item.appendChild(link);
    return item;
  }

  function parts() {
    var input = document.querySelector(".pa-search .md-search__input");
    if (!input) return null;
    var result = document.getElementById("pa-search-results");
    return {
      input: input,
      toggle: document.getElementById("__search"),
      meta: result.querySelector(".md-search-result__meta"),
      list: result.querySelector(".md-search-result__list"),
      result: result,
    };
  }

  function countText(count) {
    if (count === 0) return "No matching papers";
    return count === 1 ? "1 matching paper" : count.toLocaleString("en") + " matching papers";
  }

  function showMore(box, ticket) {
    var search = shown.search;
    var slice = search.results.slice(shown.count, shown.count + PAGE_SIZE);
    var terms = words(shown.query);
    return Promise.all(slice.map(function (result) { return result.data(); })).then(function (pages) {
      if (ticket !== latest) return;
      var old = box.list.querySelector(".pa-search-more");
      if (old) old.remove();
      shared.wordsTypedFirst(pages, terms).forEach(function (data) { box.list.appendChild(resultItem(data, terms)); });
      shown.count += slice.length;
      if (shown.count < search.results.length) {
        var more = element("li", "pa-search-more");
        var button = element("button", "md-button", "Show more");
        button.type = "button";
        button.addEventListener("click", function () { showMore(box, ticket); });
        more.appendChild(button);
        box.list.appendChild(more);
      }
    });
  }

  function run(box) {
    var query = box.input.value.trim();
    var ticket = ++latest;
    delete box.result.dataset.query;
    if (!query) {
      box.meta.textContent = box.result.dataset.placeholder;
      box.list.replaceChildren();
      return Promise.resolve();
    }
    // The wait is ours, not Pagefind's debouncedSearch: that one preloads the
    // index chunks of every query it is given, so each prefix typed on the way
    // ("d", "di", "dif", …) would download chunks of its own.
    var wait = new Promise(function (resolve) {
      setTimeout(resolve, query.length < SHORT_QUERY ? SHORT_DEBOUNCE_MS : DEBOUNCE_MS);
    });
    return Promise.all([load(), wait]).then(function (loaded) {
      return ticket === latest ? loaded[0].search(query) : null;
    }).then(function (search) {
      // null: a newer keystroke replaced this query.
      if (search === null || ticket !== latest) return;
      shown = { search: search, count: 0, query: query };
      box.meta.textContent = countText(search.results.length);
      box.list.replaceChildren();
      return showMore(box, ticket).then(function () {
        // Which query the list answers (for tests and benchmarks).
        if (ticket === latest) box.result.dataset.query = query;
      });
    }).catch(function (error) {
      if (ticket !== latest) return;
      box.meta.textContent = "Search is unavailable: the site has no search index (run paper-archive index).";
      box.list.replaceChildren();
      if (window.console) console.warn("search:", error);
    });
  }

  function setOpen(box, open) {
    if (box.toggle && box.toggle.checked !== open) {
      box.toggle.checked = open;
      box.toggle.dispatchEvent(new Event("change"));
    }
  }

  function links(box) {
    return Array.prototype.slice.call(box.list.querySelectorAll(".md-search-result__link"));
  }

  function typing(target) {
    return target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
  }

  function wire() {
    var box = parts();
    if (!box) return;
    box.input.addEventListener("focus", function () {
      setOpen(box, true);
      load().catch(function () {});
    });
    box.input.addEventListener("input", function () { run(box); });
    box.input.form.addEventListener("submit", function (event) {
      event.preventDefault();
      var first = links(box)[0];
      if (first) first.click();
    });
    box.input.form.addEventListener("reset", function () {
      setTimeout(function () { run(box); box.input.focus(); });
    });
    if (box.toggle) {
      box.toggle.addEventListener("change", function () {
        if (box.toggle.checked) {
          if (document.activeElement !== box.input) box.input.focus();
        } else if (box.result.contains(document.activeElement) || document.activeElement === box.input) {
          document.activeElement.blur();
        }
      });
    }
    // Focus leaving the box and its results closes the search, as Material's
    // own box does; else the open dialog covers the links the keyboard reaches
    // next. Focus going nowhere (a press on plain text or the overlay, another
    // window) leaves it open: closing on the press would let the overlay's or
    // the back arrow's click, which follows, open it again.
    var dialog = box.input.closest(".md-search");
    dialog.addEventListener("focusout", function (event) {
      if (event.relatedTarget && !dialog.contains(event.relatedTarget)) setOpen(box, false);
    });
    box.list.addEventListener("click", function (event) {
      if (event.target.closest(".md-search-result__link")) setOpen(box, false);
    });
    document.addEventListener("keydown", function (event) {
      if (event.metaKey || event.ctrlKey || event.altKey) return;
      var open = box.toggle && box.toggle.checked;
      var inBox = event.target === box.input || box.result.contains(event.target);
      if (open && inBox && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
        var all = links(box);
        if (!all.length) return;
        var at = all.indexOf(document.activeElement);
        var next = event.key === "ArrowDown" ? at + 1 : at - 1;
        if (next < 0) box.input.focus();
        else all[Math.min(next, all.length - 1)].focus();
        event.preventDefault();
      } else if (open && event.key === "Escape") {
        setOpen(box, false);
        event.preventDefault();
      } else if (!typing(event.target) && (event.key === "/" || event.key === "s" || event.key === "f")) {
        // Material's own shortcuts for its search box.
        setOpen(box, true);
        box.input.focus();
        box.input.select();
        event.preventDefault();
      }
    });
  }

  // Marks the words searched for on the page a result led to.
  function highlight() {
    if (!new URLSearchParams(location.search).has(HIGHLIGHT_PARAM)) return;
    import(new URL("pagefind/pagefind-highlight.js", root).href).then(function (module) {
      var Highlight = module.default || window.PagefindHighlight;
      new Highlight({ highlightParam: HIGHLIGHT_PARAM, addStyles: false, markOptions: { className: "pa-highlight", exclude: [".katex", ".katex *", ".pa-search-fields *"] } });
    }).catch(function () {});
  }

  wire();
  if (typeof document$ !== "undefined") {
    document$.subscribe(highlight);
  } else {
    document.addEventListener("DOMContentLoaded", highlight);
  }
})();

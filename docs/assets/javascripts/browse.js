// The browse page: the papers carrying every picked tag, filtered by title and
// sorted, from papers.json. The choice lives in the address
// (?tags=A,B&title=words&sort=title; each tag name URI-encoded, so a comma in
// a name is %2C) so that it can be shared. Not `q`: Material opens its search
// for any address carrying `q`. Everything is built with DOM calls
// and textContent: titles and names are data, never markup. The TeX of a paper
// whose entry carries `tex` (its title and teaser as TeX) goes into arithmatex spans that math.js typesets, as
// the generator does for the cards of the other listings.
(function () {
  "use strict";

  var PAGE_SIZE = 200;
  // `$$…$$`, `$…$`, `\(…\)`, `\[…\]`; `\$` is a dollar sign (generator/clean.py MATH_SPAN).
  var MATH_SPAN = /(?<!\\)\$\$[\s\S]+?(?<!\\)\$\$|(?<!\\)\$[\s\S]+?(?<!\\)\$|\\\([\s\S]+?\\\)|\\\[[\s\S]+?\\\]/g;
  var loads = {};

  function load(url) {
    if (!loads[url]) {
      loads[url] = fetch(url, { credentials: "same-origin" }).then(function (response) {
        if (!response.ok) throw new Error(url + ": " + response.status);
        return response.json();
      });
      // A failed load is retried on the next visit rather than remembered.
      loads[url].catch(function () { delete loads[url]; });
    }
    return loads[url];
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
    // replaceState keeps Material's own history entry (instant navigation).
    history.replaceState(history.state, "", address);
  }

  function element(name, className, text) {
    var node = document.createElement(name);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // `text` as text nodes; with `math`, each TeX span as an inline arithmatex span.
  function appendText(node, text, math) {
    var last = 0;
    if (math) {
      text.replace(MATH_SPAN, function (tex, offset) {
        node.appendChild(document.createTextNode(text.slice(last, offset).replace(/\\\$/g, "$")));
        var body = /^(\$\$|\\\(|\\\[)/.test(tex) ? tex.slice(2, -2) : tex.slice(1, -1);
        node.appendChild(element("span", "arithmatex", "\\(" + body.trim() + "\\)"));
        last = offset + tex.length;
        return tex;
      });
    }
    var rest = text.slice(last);
    node.appendChild(document.createTextNode(math ? rest.replace(/\\\$/g, "$") : rest));
    return node;
  }

  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];

  // `2024-03-14` → `14 March 2024`, `2024-03` → `March 2024`, as the cards of the other pages.
  function dateLabel(date) {
    var parts = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(date);
    if (!parts || (parts[2] && !MONTHS[Number(parts[2]) - 1])) return date;
    if (!parts[2]) return parts[1];
    var month = MONTHS[Number(parts[2]) - 1] + " " + parts[1];
    return parts[3] ? Number(parts[3]) + " " + month : month;
  }

  function key(name) {
    return String(name).toLowerCase();
  }

  // Every tag once (spellings differing in case are one tag), by name.
  function allTags(papers) {
    var names = {};
    papers.forEach(function (paper) {
      paper.tags.forEach(function (name) {
        if (!(key(name) in names) || name < names[key(name)]) names[key(name)] = name;
      });
    });
    return Object.keys(names).map(function (k) { return names[k]; }).sort(function (a, b) {
      return a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0;
    });
  }

  function matches(paper, picked, words) {
    var tags = paper.tags.map(key);
    for (var i = 0; i < picked.length; i++) if (tags.indexOf(key(picked[i])) < 0) return false;
    var title = paper.title.toLowerCase();
    for (var j = 0; j < words.length; j++) if (title.indexOf(words[j]) < 0) return false;
    return true;
  }

  function compare(sort) {
    function byTitle(a, b) {
      var x = a.title.toLowerCase(), y = b.title.toLowerCase();
      return x < y ? -1 : x > y ? 1 : a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0;
    }
    if (sort === "title") return byTitle;
    return function (a, b) {
      var x = a.date || "", y = b.date || "";
      return x > y ? -1 : x < y ? 1 : byTitle(a, b);
    };
  }

  function resultItem(paper, root) {
    var item = element("li", "browse-result");
    var tex = paper.tex || {};
    var link = appendText(element("a", "browse-result__title"), tex.title || paper.title, !!paper.tex);
    link.href = new URL(paper.url, root).href;
    item.appendChild(link);
    var facts = [];
    if (paper.authors.length) facts.push(paper.authors.slice(0, 6).join(", ") + (paper.authors.length > 6 ? " et al." : ""));
    if (paper.date) facts.push(dateLabel(paper.date));
    if (facts.length) item.appendChild(element("div", "browse-result__byline", facts.join(" · ")));
    if (paper.teaser) item.appendChild(appendText(element("div", "browse-result__teaser"), tex.teaser || paper.teaser, !!paper.tex));
    if (paper.tags.length) item.appendChild(element("div", "browse-result__tags", paper.tags.join(" · ")));
    return item;
  }

  function setup(container, papers, root) {
    var state = readState();
    var names = allTags(papers);
    var known = {};
    names.forEach(function (name) { known[key(name)] = name; });
    // Names from a shared address are matched whatever their case; unknown ones are dropped.
    state.tags = state.tags.map(function (name) { return known[key(name)]; }).filter(Boolean)
      .filter(function (name, index, list) { return list.indexOf(name) === index; });

    var filter = document.getElementById("browse-filter");
    var sort = document.getElementById("browse-sort");
    var box = document.getElementById("browse-tags");
    var count = document.getElementById("browse-count");
    var results = document.getElementById("browse-results");
    var more = document.getElementById("browse-more");
    var clear = document.getElementById("browse-clear");
    var shown = PAGE_SIZE;
    var boxes = {};

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
        shown = PAGE_SIZE;
        update();
      });
    });

    filter.value = state.q;
    sort.value = state.sort;
    filter.addEventListener("input", function () { state.q = filter.value; shown = PAGE_SIZE; update(); });
    sort.addEventListener("change", function () { state.sort = sort.value === "title" ? "title" : "date"; update(); });
    more.addEventListener("click", function () { shown += PAGE_SIZE; update(); });
    clear.addEventListener("click", function () {
      state = { tags: [], q: "", sort: "date" };
      filter.value = "";
      sort.value = "date";
      shown = PAGE_SIZE;
      update();
    });

    function update() {
      writeState(state);
      var words = state.q.toLowerCase().split(/\s+/).filter(Boolean);
      var found = papers.filter(function (paper) { return matches(paper, state.tags, words); });
      found.sort(compare(state.sort));
      // Each tag counts the papers it would leave if it were picked too.
      var counts = {};
      found.forEach(function (paper) {
        paper.tags.forEach(function (name) { counts[key(name)] = (counts[key(name)] || 0) + 1; });
      });
      names.forEach(function (name) {
        var entry = boxes[name];
        var picked = state.tags.indexOf(name) >= 0;
        var number = counts[key(name)] || 0;
        entry.input.checked = picked;
        entry.count.textContent = String(number);
        entry.label.classList.toggle("browse-tag--picked", picked);
        entry.label.classList.toggle("browse-tag--empty", !picked && number === 0);
      });
      count.setAttribute("data-count", String(found.length));
      count.textContent = found.length === 1 ? "1 paper" : found.length + " papers";
      var fragment = document.createDocumentFragment();
      found.slice(0, shown).forEach(function (paper) { fragment.appendChild(resultItem(paper, root)); });
      results.replaceChildren(fragment);
      if (typeof window.renderArchiveMath === "function") window.renderArchiveMath(results);
      more.hidden = found.length <= shown;
    }

    update();
    container.hidden = false;
    var fallback = document.getElementById("browse-static");
    if (fallback) fallback.hidden = true;
  }

  function start() {
    var container = document.getElementById("browse-app");
    var data = document.getElementById("browse-data");
    if (!container || !data || container.getAttribute("data-ready")) return;
    container.setAttribute("data-ready", "1");
    // The link's href is resolved by the browser from the page's own address,
    // so the site works under any sub-path; papers.json sits at the site root.
    var source = data.href;
    var root = new URL(".", source).href;
    load(source).then(function (papers) {
      if (document.getElementById("browse-app") === container) setup(container, papers, root);
    }).catch(function () {
      container.hidden = false;
      document.getElementById("browse-count").textContent = "The list of papers could not be loaded.";
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

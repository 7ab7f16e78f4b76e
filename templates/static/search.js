// The search page, drawn over Pagefind's JS API (which searches in a web worker): the query, filters and
// order are kept in the URL (?q=…&filter[outlet]=…&sort=date) so a search can be shared. The page's
// markup (search.html) is in place before this runs, so nothing moves when results arrive; the class names
// are Pagefind UI's. Each result shows its title and one excerpt, Pagefind's, with the search words marked.
//
// The main thread stays free: the index, its shards (data-merge-index: a large site's index comes in
// shards merged here), its overlay (data-overlay: the new forms of pages a shard holds in an older
// form, listed in data-stale as "<shard>:<filter key>" and left out of every query) and their filter data
// load in Pagefind's worker; filter values are fetched only
// when a filter group is opened or the URL names a filter, and a group lists a screenful of values, the
// rest found by typing in its box.
(function () {
  "use strict";

  var PAGE_SIZE = 5;          // results shown at first and added by "Load more results"
  var SHOWN_VALUES = 12;      // filter values a group lists before its "find" box takes over
  var DEBOUNCE_MS = 300;      // typing pause before a search runs
  var EXCERPT_WORDS = 30;

  function filtersFrom(params) {
    var filters = {};
    params.forEach(function (value, key) {
      var match = /^filter\[(.+)\]$/.exec(key);
      if (match) { (filters[match[1]] = filters[match[1]] || []).push(value); }
    });
    return filters;
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  // Pagefind's excerpt is the page's text with < and > escaped and the search words in <mark>:
  // rebuilt here as text nodes and <mark> elements, never parsed as HTML.
  function excerptNode(excerpt) {
    var p = el("p", "pagefind-ui__result-excerpt");
    String(excerpt || "").split(/(<mark>|<\/mark>)/).reduce(function (marked, part) {
      if (part === "<mark>") { return true; }
      if (part === "</mark>") { return false; }
      if (part) {
        var text = part.replace(/&lt;/g, "<").replace(/&gt;/g, ">");
        p.appendChild(marked ? el("mark", "", text) : document.createTextNode(text));
      }
      return marked;
    }, false);
    return p;
  }

  function resultNode(data) {
    var li = el("li", "pagefind-ui__result");
    var inner = el("div", "pagefind-ui__result-inner");
    var title = el("p", "pagefind-ui__result-title");
    var link = el("a", "pagefind-ui__result-link", (data.meta && data.meta.title) || data.url);
    link.href = data.url;
    title.appendChild(link);
    inner.appendChild(title);
    inner.appendChild(excerptNode(data.excerpt));
    li.appendChild(inner);
    return li;
  }

  function start(root) {
    var sortSelect = document.getElementById("sort");
    var form = root.querySelector(".pagefind-ui__form");
    var input = root.querySelector(".pagefind-ui__search-input");
    var clear = root.querySelector(".pagefind-ui__search-clear");
    var message = root.querySelector(".pagefind-ui__message");
    var list = root.querySelector(".pagefind-ui__results");
    var more = root.querySelector(".pagefind-ui__button");
    var groups = Array.prototype.slice.call(root.querySelectorAll("[data-filter]"));
    var shards = (root.getAttribute("data-merge-index") || "").split(" ").filter(Boolean);
    var overlay = root.getAttribute("data-overlay") || "";
    var stale = (root.getAttribute("data-stale") || "").split(",").filter(Boolean).map(function (copy) {
      var colon = copy.indexOf(":");
      return { shard: copy.slice(0, colon), at: copy.slice(colon + 1) };
    });
    var split = shards.length > 0 || overlay !== "" || stale.length > 0;   // queries name shards
    var params = new URLSearchParams(window.location.search);
    var selected = filtersFrom(params);   // filter name -> values checked
    var allValues = null;                 // filter name -> {value: articles}, once fetched
    var current = null;                   // the last search's response, for counts and "load more"
    var shown = 0;                        // results listed
    var taken = 0;                        // of them, from current.results (the rest from current.extra)
    var serial = 0;
    var timer = 0;
    var loading = null;

    input.value = params.get("q") || "";
    clear.hidden = !input.value;
    if (sortSelect) { sortSelect.value = params.get("sort") === "date" ? "date" : "relevance"; }

    // Each shard is a range of dates, oldest first; with more than one (or an overlay, or stale copies),
    // each shard's pages carry the shard's number as the filter "shard", so that a search can ask one
    // shard at a time and name a shard's stale copies. The overlay's pages carry the filter "overlay".
    function pagefind() {
      if (!loading) {
        loading = import("/pagefind/pagefind.js").then(function (pf) {
          var first = { excerptLength: EXCERPT_WORDS };
          if (split) { first.mergeFilter = { shard: "0" }; }
          return pf.options(first).then(function () {
            return shards.reduce(function (done, path, i) {   // in order: ties keep the shards' order
              return done.then(function () {
                return pf.mergeIndex(path, { excerptLength: EXCERPT_WORDS, mergeFilter: { shard: String(i + 1) } });
              });
            }, Promise.resolve());
          }).then(function () {
            return overlay && pf.mergeIndex(overlay, { excerptLength: EXCERPT_WORDS, mergeFilter: { overlay: "1" } });
          }).then(function () { return pf; });
        });
      }
      return loading;
    }

    // The filters of a query, less the stale copies (each of one shard; the overlay's pages are of none).
    function withoutStale(filters, extra) {
      var out = Object.assign({}, filters, extra);
      if (stale.length) { out.none = stale; }
      return out;
    }

    // A search over every shard. Newest first, each shard answers for its own range of dates in
    // its own date order, the newest range first, and the answers are listed one after another
    // (Pagefind's own merge would order them by their place within each shard); the overlay's
    // answers come apart ("extra", with their data, newest first) to be put in place as the list is
    // shown. Their filter counts add up, as no page is counted twice.
    function run(pf, term, options) {
      if (!options.sort || !split) {
        return pf.search(term, { filters: withoutStale(options.filters), sort: options.sort });
      }
      var asks = [];
      for (var k = shards.length; k >= 0; k--) {
        asks.push(pf.search(term, { filters: withoutStale(options.filters, { shard: String(k) }), sort: options.sort }));
      }
      if (overlay) { asks.push(pf.search(term, { filters: withoutStale(options.filters, { overlay: "1" }), sort: options.sort })); }
      return Promise.all(asks).then(function (answers) {
        if (answers.some(function (a) { return !a; })) { return null; }
        var counts = {};
        answers.forEach(function (a) {
          Object.keys(a.filters || {}).forEach(function (name) {
            if (name === "shard" || name === "overlay" || name === "at") { return; }
            var into = counts[name] = counts[name] || {};
            Object.keys(a.filters[name]).forEach(function (value) { into[value] = (into[value] || 0) + a.filters[name][value]; });
          });
        });
        var fromShards = overlay ? answers.slice(0, -1) : answers;
        var extra = overlay ? answers[answers.length - 1].results : [];
        return Promise.all(extra.map(function (r) { return r.data(); })).then(function (data) {
          data.sort(function (a, b) { return sortKey(b) < sortKey(a) ? -1 : sortKey(b) > sortKey(a) ? 1 : 0; });
          return { results: [].concat.apply([], fromShards.map(function (a) { return a.results; })), extra: data, filters: counts };
        });
      });
    }

    // A result's date sort key: the page's own value of the filter "at".
    function sortKey(data) { return ((data.filters && data.filters.at) || [""])[0]; }

    function activeFilters() {
      var out = {};
      Object.keys(selected).forEach(function (name) {
        if (selected[name].length) { out[name] = { any: selected[name].slice() }; }
      });
      return out;
    }

    function writeUrl() {
      var next = new URLSearchParams();
      if (input.value) { next.set("q", input.value); }
      Object.keys(selected).forEach(function (name) {
        selected[name].forEach(function (value) { next.append("filter[" + name + "]", value); });
      });
      if (sortSelect && sortSelect.value === "date") { next.set("sort", "date"); }
      var query = next.toString();
      window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
    }

    function say(text) { if (message.textContent !== text) { message.textContent = text; } }

    function searchOptions() {
      var options = { filters: activeFilters() };
      if (sortSelect && sortSelect.value === "date") { options.sort = { date: "desc" }; }
      return options;
    }

    // Run the search for the box's text; a newer search makes an older one's answer moot. Its filter
    // counts cover every value only once the values were fetched (countsComplete).
    function search() {
      var term = input.value.trim();
      var mine = ++serial;
      var complete = Boolean(allValues);
      window.clearTimeout(timer);
      if (!term) {
        current = null; shown = 0;
        list.replaceChildren(); more.hidden = true; say("");
        renderGroups();
        return Promise.resolve();
      }
      return pagefind().then(function (pf) { return run(pf, term, searchOptions()); }).then(function (response) {
        if (mine !== serial || !response) { return null; }
        current = response; current.countsComplete = complete; shown = 0; taken = 0;
        current.extra = current.extra || [];
        return page(mine, true);
      }).catch(function () {
        if (mine === serial) { say("Search is not available just now."); }
      });
    }

    // Show the next page of the current results (all of it at once, so the list grows in one step):
    // the shards' results in their order, each overlay result (newest first) before the first that
    // is older than it.
    function page(mine, fresh) {
      var slice = current.results.slice(taken, taken + PAGE_SIZE);
      return Promise.all(slice.map(function (r) { return r.data(); })).then(function (data) {
        if (mine !== serial) { return; }
        var term = input.value.trim();
        var count = current.results.length + current.extra.length;
        var items = document.createDocumentFragment();
        var next = 0;
        var placed = 0;
        for (var listed = 0; listed < PAGE_SIZE && shown + listed < count; listed++) {
          var extra = current.extra[shown - taken + placed];
          if (extra && (next >= data.length || sortKey(extra) > sortKey(data[next]))) {
            items.appendChild(resultNode(extra)); placed++;
          } else {
            items.appendChild(resultNode(data[next])); next++;
          }
        }
        if (fresh) { list.replaceChildren(items); } else { list.appendChild(items); }
        shown += next + placed; taken += next;
        more.hidden = shown >= count;
        say(count === 0 ? "No results for " + term : count + (count === 1 ? " result for " : " results for ") + term);
        if (fresh) { countsChanged(); }
      });
    }

    function later() {
      window.clearTimeout(timer);
      var mine = serial;
      timer = window.setTimeout(function () { if (mine === serial) { search(); } }, DEBOUNCE_MS);
    }

    // Filter values: fetched once (Pagefind loads every shard's filter index in its worker).
    function ensureValues() {
      if (allValues) { return Promise.resolve(allValues); }
      return pagefind().then(function (pf) { return pf.filters(); }).then(function (values) {
        allValues = values || {};
        return allValues;
      });
    }

    function countsFor(name) {
      var totals = (allValues && allValues[name]) || {};
      var live = current && current.filters && current.filters[name];
      var counts = {};
      Object.keys(totals).forEach(function (value) { counts[value] = live ? (live[value] || 0) : totals[value]; });
      return counts;
    }

    function valueNode(name, value, count, index) {
      var row = el("div", "pagefind-ui__filter-value");
      var box = el("input", "pagefind-ui__filter-checkbox");
      box.type = "checkbox"; box.name = name; box.value = value; box.id = "filter-" + name + "-" + index;
      box.checked = (selected[name] || []).indexOf(value) >= 0;
      var label = el("label", "pagefind-ui__filter-label", value + " (" + count + ")");
      label.htmlFor = box.id;
      row.appendChild(box); row.appendChild(label);
      return row;
    }

    // Draw an open group: every value when they fit, else the checked ones, then those matching the
    // group's find box (or, empty, those with the most results), a screenful at most.
    function renderGroup(group) {
      if (!group.open || !allValues) { return; }
      var name = group.getAttribute("data-filter");
      var fieldset = group.querySelector("fieldset");
      var counts = countsFor(name);
      var values = Object.keys(counts);
      var checked = selected[name] || [];
      var find = fieldset.querySelector(".pagefind-ui__filter-find");
      var rows = document.createDocumentFragment();
      var picked;
      if (values.length > SHOWN_VALUES && !find) {
        var label = group.querySelector("summary").textContent;
        find = el("input", "pagefind-ui__filter-find");
        find.type = "search"; find.placeholder = "Find a " + label.toLowerCase();
        find.setAttribute("aria-label", "Find a " + label.toLowerCase());
        find.addEventListener("input", function () { renderGroup(group); });
        fieldset.appendChild(find);
      }
      if (values.length <= SHOWN_VALUES) {
        picked = values;
      } else {
        var needle = find.value.trim().toLowerCase();
        var rest = values.filter(function (v) {
          return checked.indexOf(v) < 0 && (needle ? v.toLowerCase().indexOf(needle) >= 0 : counts[v] > 0);
        });
        rest.sort(function (a, b) { return counts[b] - counts[a] || (a < b ? -1 : a > b ? 1 : 0); });
        picked = checked.filter(function (v) { return v in counts; }).concat(rest).slice(0, Math.max(SHOWN_VALUES, checked.length));
      }
      picked.forEach(function (value, i) { rows.appendChild(valueNode(name, value, counts[value], i)); });
      if (!values.length) { rows.appendChild(el("p", "pagefind-ui__filter-none", "None in this briefing.")); }
      Array.prototype.slice.call(fieldset.children).forEach(function (child) {
        if (child.tagName !== "LEGEND" && child !== find) { fieldset.removeChild(child); }
      });
      fieldset.appendChild(rows);
    }

    function renderGroups() { groups.forEach(renderGroup); }

    // Open groups follow the results' counts; counts taken before the values were fetched are
    // completed by searching again (Pagefind then has every filter index at hand).
    function countsChanged() {
      renderGroups();
      var open = groups.some(function (g) { return g.open; });
      if (!open || !allValues || !current || current.countsComplete) { return Promise.resolve(); }
      var mine = serial;
      return pagefind().then(function (pf) { return run(pf, input.value.trim(), searchOptions()); }).then(function (response) {
        if (mine !== serial || !response || !current) { return; }
        current.filters = response.filters; current.countsComplete = true;
        renderGroups();
      });
    }

    function openGroup(group) {
      ensureValues().then(function () { renderGroup(group); return countsChanged(); });
    }

    groups.forEach(function (group) {
      group.addEventListener("toggle", function () { if (group.open) { openGroup(group); } });
      group.addEventListener("change", function (event) {
        var box = event.target;
        if (!box.classList || !box.classList.contains("pagefind-ui__filter-checkbox")) { return; }
        var values = selected[box.name] = (selected[box.name] || []).filter(function (v) { return v !== box.value; });
        if (box.checked) { values.push(box.value); }
        writeUrl();
        search();
      });
    });

    form.addEventListener("submit", function (event) { event.preventDefault(); writeUrl(); search(); });
    input.addEventListener("input", function () {
      clear.hidden = !input.value;
      writeUrl();
      var term = input.value.trim();
      if (term) { pagefind().then(function (pf) { pf.preload(term, { filters: activeFilters() }); }); }
      later();
    });
    clear.addEventListener("click", function () {
      input.value = ""; clear.hidden = true; writeUrl(); search(); input.focus();
    });
    more.addEventListener("click", function () {   // one page at a time, however quick the clicks
      if (!current || more.getAttribute("aria-busy")) { return; }
      more.setAttribute("aria-busy", "true");
      var done = function () { more.removeAttribute("aria-busy"); };
      page(serial, false).then(done, done);
    });
    if (sortSelect) { sortSelect.addEventListener("change", function () { writeUrl(); search(); }); }

    // A filter named in the URL: its group opens (and so shows its values) as the search runs.
    groups.forEach(function (g) { if ((selected[g.getAttribute("data-filter")] || []).length) { g.open = true; } });
    search();
    if (!input.value) { pagefind(); }   // warm the index for the first keystroke
  }

  function boot() {
    var root = document.querySelector("[data-search-root]");
    if (root) { start(root); }
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", boot); } else { boot(); }
})();

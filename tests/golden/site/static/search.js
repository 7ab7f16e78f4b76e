// The search page: Pagefind's own UI, with the query, filters and order kept in the URL
// (?q=…&filter[outlet]=…&sort=date) so a search can be shared. Each result shows one excerpt, Pagefind's,
// with the search words marked; the metadata pages carry for sorting and filters is not repeated under it.
// A large site's index comes in shards; the search root lists the ones to merge (data-merge-index).
(function () {
  "use strict";

  function filtersFrom(params) {
    var filters = {};
    params.forEach(function (value, key) {
      var match = /^filter\[(.+)\]$/.exec(key);
      if (match) { (filters[match[1]] = filters[match[1]] || []).push(value); }
    });
    return filters;
  }

  window.addEventListener("DOMContentLoaded", function () {
    var root = document.querySelector("[data-search-root]");
    if (!root || typeof PagefindUI === "undefined") { return; }
    var sortSelect = document.getElementById("sort");
    var params = new URLSearchParams(window.location.search);
    var shards = (root.getAttribute("data-merge-index") || "").split(" ").filter(Boolean);
    var ui = null;

    function state() {
      var next = new URLSearchParams();
      var input = root.querySelector(".pagefind-ui__search-input");
      var query = input ? input.value : (params.get("q") || "");
      if (query) { next.set("q", query); }
      root.querySelectorAll(".pagefind-ui__filter-checkbox:checked").forEach(function (box) {
        next.append("filter[" + box.name + "]", box.value);
      });
      if (sortSelect && sortSelect.value === "date") { next.set("sort", "date"); }
      return next;
    }

    function writeUrl() {
      var query = state().toString();
      window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
    }

    function start(from) {
      if (ui) { ui.destroy(); root.innerHTML = ""; }
      ui = new PagefindUI({
        element: "#search",
        showSubResults: false,
        showImages: false,
        resetStyles: false,
        mergeIndex: shards.map(function (path) { return { bundlePath: path }; }),
        sort: from.get("sort") === "date" ? { date: "desc" } : null,
        processResult: function (result) {
          result.meta = { title: result.meta && result.meta.title };  // no "Summary: …" line under the excerpt
          return result;
        }
      });
      var input = root.querySelector(".pagefind-ui__search-input");
      if (input) { input.setAttribute("aria-label", "Search articles"); }
      var filters = filtersFrom(from);
      if (Object.keys(filters).length) { ui.triggerFilters(filters); }
      if (from.get("q")) { ui.triggerSearch(from.get("q")); }
    }

    if (sortSelect) {
      sortSelect.value = params.get("sort") === "date" ? "date" : "relevance";
      sortSelect.addEventListener("change", function () {
        var next = state();
        writeUrl();
        start(next);
      });
    }
    root.addEventListener("input", function () { window.setTimeout(writeUrl, 0); });
    root.addEventListener("change", function () { window.setTimeout(writeUrl, 0); });
    start(params);
  });
})();

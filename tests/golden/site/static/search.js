// Starts the Pagefind UI on the search page; a ?q= in the URL runs that search at once.
window.addEventListener("DOMContentLoaded", function () {
  var root = document.querySelector("[data-search-root]");
  if (!root || typeof PagefindUI === "undefined") { return; }
  var ui = new PagefindUI({ element: "#search", showSubResults: false, showImages: false, resetStyles: false });
  var q = new URLSearchParams(window.location.search).get("q");
  if (q) { ui.triggerSearch(q); }
});

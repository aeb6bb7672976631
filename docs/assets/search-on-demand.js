/* Load the search index only when the reader first uses search.

   The theme fetches the whole index (every lesson's text) as soon as a page loads, which
   made it most of what a first visit downloads. This script runs in <head>, before the
   theme's scripts, and holds back the theme's request for search/search_index.json until
   the reader opens search: a click or focus on the search box or its button, the theme's
   search keys (/, s, f), or a shared search link (?q=...). The theme shows "Initializing
   search" meanwhile. Pages opened from disk (the offline pack) load their index as a script
   and are left alone. */
(function () {
  "use strict";
  if (location.protocol === "file:" || typeof XMLHttpRequest !== "function") return;
  var INDEX = /\/search\/search_index\.json(?:[?#]|$)/;
  var proto = XMLHttpRequest.prototype;
  var open = proto.open;
  var send = proto.send;
  var held = [];
  var wanted = false;

  proto.open = function (method, url) {
    this.courseSearchIndex = INDEX.test(String(url));
    return open.apply(this, arguments);
  };
  proto.send = function () {
    if (this.courseSearchIndex && !wanted) {
      held.push([this, arguments]);
      return undefined;
    }
    return send.apply(this, arguments);
  };

  function want() {
    if (wanted) return;
    wanted = true;
    document.documentElement.setAttribute("data-search-index", "loading");
    held.splice(0).forEach(function (request) { send.apply(request[0], request[1]); });
  }
  window.courseLoadSearchIndex = want;

  function inSearch(node) {
    return !!(node && node.closest && node.closest('.md-search, label[for="__search"]'));
  }
  document.addEventListener("focusin", function (event) { if (inSearch(event.target)) want(); }, true);
  document.addEventListener("pointerdown", function (event) { if (inSearch(event.target)) want(); }, true);
  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "__search") want();
  }, true);
  document.addEventListener("keydown", function (event) {
    var typing = event.target && event.target.closest &&
      event.target.closest("input, textarea, select, [contenteditable]");
    if (!typing && !event.ctrlKey && !event.metaKey && !event.altKey && /^[/sf]$/i.test(event.key)) want();
  }, true);
  if (/[?&]q=/.test(location.search)) want();
})();

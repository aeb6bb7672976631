/* Presenter mode (2 of 6): window sync. The presenting window and the speaker view keep in
   step in both directions over three same-browser channels (no server): BroadcastChannel,
   postMessage between a window and the one it opened, and storage events. All three work
   over http(s) and from the offline pack opened with file://. A message sent on several
   channels is handled once. */
(function () {
  "use strict";

  var P = window.CoursePresenter = window.CoursePresenter || {};
  var STORAGE_MESSAGE = "course.presenter.message";

  /* role: "presenter" or "speaker". Returns send(kind, data), the handlers by kind (set them
     to receive) and rememberPeer(window) for a window this one opened. */
  P.createSync = function (role) {
    var PAGE = location.pathname;
    var me = role + "-" + Math.random().toString(36).slice(2);
    var sequence = 0;
    var seen = [];
    var peers = [];
    var channel = null;
    var handlers = {};
    try { channel = new BroadcastChannel(P.PROTOCOL); } catch (e) { channel = null; }

    function rememberPeer(win) {
      if (win && win !== window && peers.indexOf(win) < 0) peers.push(win);
    }
    function livePeers() {
      var list = peers.slice();
      if (window.opener) list.push(window.opener);
      return list.filter(function (win, i) {
        try { return win && !win.closed && list.indexOf(win) === i; } catch (e) { return false; }
      });
    }
    function send(kind, data) {
      var message = { protocol: P.PROTOCOL, page: PAGE, from: me, role: role, id: me + ":" + (++sequence), kind: kind, data: data || {} };
      if (channel) { try { channel.postMessage(message); } catch (e) { /* closed */ } }
      var target = location.protocol === "file:" || location.origin === "null" ? "*" : location.origin;
      livePeers().forEach(function (win) { try { win.postMessage(message, target); } catch (e) { /* gone */ } });
      P.util.writeJSON(localStorage, STORAGE_MESSAGE, message);
    }
    function receive(message, source) {
      if (!message || message.protocol !== P.PROTOCOL || message.page !== PAGE || message.from === me) return;
      if (source) rememberPeer(source); /* before the duplicate check: other channels may be faster */
      if (seen.indexOf(message.id) >= 0) return;
      seen.push(message.id);
      if (seen.length > 200) seen.shift();
      var handler = handlers[message.kind];
      if (handler) handler(message.data, message);
    }
    if (channel) channel.addEventListener("message", function (event) { receive(event.data, null); });
    window.addEventListener("message", function (event) {
      var source = event.source;
      var trusted = false;
      try {
        trusted = source === window.opener || peers.indexOf(source) >= 0 || (source && source.opener === window) ||
          (event.origin === location.origin && event.origin !== "null");
      } catch (e) { trusted = false; }
      if (trusted) receive(event.data, source);
    });
    window.addEventListener("storage", function (event) {
      if (event.key !== STORAGE_MESSAGE || !event.newValue) return;
      try { receive(JSON.parse(event.newValue), null); } catch (e) { /* not ours */ }
    });

    return { role: role, send: send, handlers: handlers, rememberPeer: rememberPeer };
  };
})();

/* Search in the offline pack: a stand-in for Web Workers on pages opened from disk.

   Browsers refuse to start a Web Worker from a file:// page, and Material for MkDocs runs
   its search in one. Its offline plugin would load a stand-in ("iframe-worker") from a
   third-party CDN; this is our own, shipped inside the pack, so nothing leaves the machine.
   course/tools/offline.py copies it into the pack and lists it before Material's scripts.

   The worker script runs in a hidden same-origin <iframe>: messages the page posts to the
   "worker" are dispatched in the frame, and the frame's postMessage() calls come back to
   the page as "message" events. Over http(s) the real Worker is left alone. */
(function () {
  "use strict";
  if (location.protocol !== "file:" || typeof window.IFrameWorker === "function") return;

  function IFrameWorker(url) {
    var self = this;
    var target = document.createDocumentFragment();
    var queue = [];
    var ready = false;
    this.onmessage = null;
    this.onerror = null;
    this.addEventListener = target.addEventListener.bind(target);
    this.removeEventListener = target.removeEventListener.bind(target);
    this.dispatchEvent = target.dispatchEvent.bind(target);

    var frame = document.createElement("iframe");
    frame.hidden = true;
    frame.tabIndex = -1;
    frame.title = "Search index";
    frame.setAttribute("aria-hidden", "true");
    (document.body || document.documentElement).appendChild(frame);
    this.frame = frame;
    var inner = frame.contentWindow;

    function emit(type, init) {
      var event = type === "message" ? new MessageEvent("message", init) : new ErrorEvent("error", init);
      var handler = type === "message" ? self.onmessage : self.onerror;
      if (typeof handler === "function") handler.call(self, event);
      target.dispatchEvent(event);
    }
    // What the worker script posts comes back to the page.
    inner.postMessage = function (data) { emit("message", { data: data }); };
    // importScripts(): load each script in the frame, in order (returns a promise, which
    // Material's worker awaits; it only needs it for languages other than English).
    inner.importScripts = function () {
      var urls = Array.prototype.slice.call(arguments);
      return urls.reduce(function (previous, src) {
        return previous.then(function () { return load(src); });
      }, Promise.resolve());
    };
    inner.addEventListener("error", function (event) {
      emit("error", { message: event.message, filename: event.filename, lineno: event.lineno });
    });

    function load(src) {
      return new Promise(function (resolve, reject) {
        var script = inner.document.createElement("script");
        script.src = new URL(src, document.baseURI).href;
        script.onload = function () { resolve(); };
        script.onerror = function () { reject(new Error("could not load " + src)); };
        (inner.document.body || inner.document.documentElement).appendChild(script);
      });
    }

    this.postMessage = function (data) {
      if (!ready) { queue.push(data); return; }
      inner.dispatchEvent(new inner.MessageEvent("message", { data: data }));
    };
    load(url).then(function () {
      ready = true;
      queue.splice(0).forEach(self.postMessage);
    }, function (error) {
      emit("error", { message: error.message });
    });
  }
  IFrameWorker.prototype.terminate = function () {
    if (this.frame && this.frame.parentNode) this.frame.parentNode.removeChild(this.frame);
  };

  // Material's worker looks for `IFrameWorker` in its parent to find its own folder.
  window.IFrameWorker = IFrameWorker;
  window.Worker = IFrameWorker;
})();

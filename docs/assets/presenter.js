/* Presenter mode, speaker view and trainer timings, built from the page readers use.

   Presenter mode (the "Present" button, or Shift+P) turns a lesson or notebook page into
   full-screen slides without copying anything: it shows one part of the page at a time.
   The slides are, in this order:
     1. a title slide: everything before the first "##" heading (title, duration, outcomes);
     2. one slide for each "##" section in page order, except "Key points"
        (so "Further reading" is a slide of its own);
     3. the "Key points" section, last, when the page has one (every lesson does).
   A lesson with S sections besides "Key points" therefore has S + 2 slides.

   Keys while presenting: Right/Left (always the next/previous slide); Space, Page Down and
   Down scroll a long slide first and then move on (Shift+Space, Page Up and Up go back the
   same way); Home/End; S opens the speaker view; F toggles full screen; Escape or Shift+P
   leaves. The address keeps the slide (#present-3), so a reload or a shared link lands on it.
   Exercise solutions stay closed and quiz explanations stay hidden until the trainer
   reveals them; trainer notes and timings never appear on the projected slides.

   The speaker view is a second window (the same page, #speaker-3) with the slide's trainer
   notes, private model answers, the next slide, a clock and a timer against the plan. The
   two windows keep in step in both directions over three same-browser channels (no server):
   BroadcastChannel, postMessage between the window and the one it opened, and storage
   events. All three work over http(s) and from the offline pack opened with file://.

   With trainer view on, each section shows its planned minutes, taken from the trainer
   notes: a lesson plan ("why this matters 2; the four results 3; ...") first, otherwise the
   first "N minutes" in the section's own trainer note (a lesson total is ignored).

   No third-party code, no network requests, no inline scripts or style attributes. */
(function () {
  "use strict";

  var root = document.documentElement;
  var article = document.querySelector("article.md-content__inner");
  if (!article) return;
  var titleHeading = article.querySelector("h1");
  var isLesson = !!article.querySelector(".lesson-facts");
  var isNotebook = !!article.querySelector(".jupyter-wrapper");
  if (!titleHeading || !(isLesson || isNotebook)) return;
  var sectionHeadings = Array.prototype.filter.call(article.querySelectorAll("h2"), function (h) {
    return !h.closest(".admonition, details, fieldset, .course-speaker");
  });
  if (!sectionHeadings.length) return;

  var PROTOCOL = "course-presenter/1";
  var PAGE = location.pathname;
  var STORAGE_MESSAGE = "course.presenter.message";
  var TIMER_KEY = "course.presenter.timer:" + PAGE;
  var PRESENT_HASH = /^#present-(\d+)$/;
  var SPEAKER_HASH = /^#speaker-(\d+)$/;
  var IGNORE_IN_TITLES = ".headerlink, .course-timing-badge, .course-sr-only";

  /* ---------- Small helpers ---------- */
  function each(list, fn) { Array.prototype.forEach.call(list, fn); }
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }
  function button(label, className, onClick) {
    var node = el("button", className, label);
    node.type = "button";
    if (onClick) node.addEventListener("click", onClick);
    return node;
  }
  function cleanText(node) {
    var copy = node.cloneNode(true);
    each(copy.querySelectorAll(IGNORE_IN_TITLES), function (n) { n.remove(); });
    return copy.textContent.replace(/\s+/g, " ").trim();
  }
  function readJSON(storage, key) {
    try { return JSON.parse(storage.getItem(key) || "null"); } catch (e) { return null; }
  }
  function writeJSON(storage, key, value) {
    try { storage.setItem(key, JSON.stringify(value)); } catch (e) { /* storage blocked */ }
  }
  function hashSlide(pattern) {
    var match = pattern.exec(location.hash);
    return match ? Math.max(0, parseInt(match[1], 10) - 1) : null;
  }
  function pageAddress() { return location.href.split("#")[0]; }
  function setHash(hash) {
    try { history.replaceState(history.state, "", pageAddress() + hash); } catch (e) { /* file:// in some browsers */ }
  }
  function isTyping(target, key) {
    if (!target || !target.closest) return false;
    if (target.isContentEditable) return true;
    if (target.closest("textarea, select")) return true;
    var input = target.closest("input");
    /* A focused slider (an explorable's, say) keeps its own keys: arrows, Home, End, Page Up/Down. */
    if (input && input.type === "range" && /^(Arrow|Page|Home$|End$)/.test(key || "")) return true;
    return !!input && !/^(radio|checkbox|button|submit|reset|range|color)$/.test(input.type);
  }

  /* ---------- Timings from trainer notes ---------- */
  var TOTAL = /\(?\s*(?:about\s+)?\d+\s*(?:minutes?|mins?)\s+(?:in\s+total|altogether)\s*\)?/gi;
  var MINUTES = /(\d+)\s*(?:minutes?|mins?)\b/i;
  var STOP = " a an and the of to for in on at with by is it its this that you your what why how when who does do can be are".split(" ");
  var SYNONYMS = { quiz: "check your understanding" };

  function words(text) {
    return text.toLowerCase().replace(/[^a-z0-9\s-]/g, " ").split(/[\s-]+/).filter(function (w) {
      return w && STOP.indexOf(w) < 0;
    }).map(function (w) { return w.length > 3 ? w.replace(/s$/, "") : w; });
  }
  function timingParagraph(note) {
    var found = null;
    each(note.querySelectorAll("p, li"), function (p) {
      if (!found && /^\s*timings?\b/i.test(p.textContent)) found = p.textContent;
    });
    return found;
  }
  /* "why this matters 2; the four results 3; ..." -> [{label, minutes}] (three items or more). */
  function lessonPlan(text) {
    var body = text.replace(/^\s*timings?[^:]*:/i, "");
    var items = [];
    body.split(";").forEach(function (part) {
      var match = /^\s*([A-Za-z][^0-9;:]*?)\s+(\d+)\b/.exec(part);
      if (match) items.push({ label: match[1].trim(), minutes: parseInt(match[2], 10), used: false });
    });
    return items.length >= 3 ? items : null;
  }
  function planFor(plan, title) {
    var heading = words(title);
    for (var i = 0; i < plan.length; i++) {
      var item = plan[i];
      if (item.used) continue;
      var label = words(SYNONYMS[item.label.toLowerCase()] || item.label);
      if (label.length && label.every(function (w) { return heading.indexOf(w) >= 0; })) {
        item.used = true;
        return item;
      }
    }
    return null;
  }
  function lessonMinutes() {
    /* Written by the build from front matter (data-lesson-minutes); the text is a fallback. */
    var data = article.querySelector("[data-lesson-minutes]");
    if (data) return parseInt(data.getAttribute("data-lesson-minutes"), 10);
    var meta = article.querySelector(".lesson-meta");
    if (!meta) return null;
    var match = /(\d+)\s*min/.exec(meta.textContent);
    return match ? parseInt(match[1], 10) : null;
  }

  /* ---------- Slides from the page ---------- */
  var docSlides = [];
  function newSlide(heading) {
    var slide = { heading: heading, nodes: [], notes: [], minutes: null, timingNote: "" };
    docSlides.push(slide);
    return slide;
  }
  var currentBuild = newSlide(titleHeading);
  function walk(container) {
    each(Array.prototype.slice.call(container.children), function (child) {
      if (sectionHeadings.indexOf(child) >= 0) {
        currentBuild = newSlide(child);
        child.setAttribute("data-present", "");
        currentBuild.nodes.push(child);
      } else if (sectionHeadings.some(function (h) { return child.contains(h); })) {
        walk(child); /* a wrapper (a notebook cell, say) holding headings: split inside it */
      } else {
        child.setAttribute("data-present", "");
        currentBuild.nodes.push(child);
      }
    });
  }
  walk(article);

  /* What a slide shows: its own nodes and every element between them and the article,
     worked out afresh each time, because the theme wraps some elements (tables) later. */
  function slideElements(slide) {
    var list = [];
    slide.nodes.forEach(function (node) {
      for (var n = node; n && n !== article; n = n.parentElement) {
        if (list.indexOf(n) >= 0) break;
        list.push(n);
      }
    });
    return list;
  }
  function markAll() {
    docSlides.forEach(function (slide) {
      slideElements(slide).forEach(function (n) { n.setAttribute("data-present", ""); });
    });
  }

  var keyPoints = null;
  var slides = [];
  docSlides.forEach(function (slide, index) {
    slide.kind = index === 0 ? "title" : "section";
    slide.title = cleanText(slide.heading);
    if (index > 0 && (slide.heading.id === "key-points" || /^key points$/i.test(slide.title))) {
      slide.kind = "keypoints";
      keyPoints = slide;
      return;
    }
    slides.push(slide);
  });
  if (keyPoints) slides.push(keyPoints);
  slides.forEach(function (slide, index) {
    slide.index = index;
    slide.nodes.forEach(function (node) {
      if (node.matches(".admonition.trainer, details.trainer")) slide.notes.push(node);
      each(node.querySelectorAll(".admonition.trainer, details.trainer"), function (n) { slide.notes.push(n); });
    });
    slide.reveals = [];
    slide.nodes.forEach(function (node) {
      var found = node.matches("details.solution, fieldset.quiz") ? [node] :
        node.querySelectorAll("details.solution, fieldset.quiz");
      each(found, function (n) { if (!n.closest(".trainer")) slide.reveals.push(n); });
    });
  });

  /* Planned minutes per section: the lesson plan first, then the section's own note. */
  var plan = null;
  slides.forEach(function (slide) {
    slide.notes.forEach(function (note) {
      var text = timingParagraph(note);
      if (text && !plan) plan = lessonPlan(text.replace(TOTAL, ""));
    });
  });
  slides.forEach(function (slide) {
    if (slide.kind !== "section") return;
    /* The build writes each section's planned minutes on its heading (data-minutes). */
    if (slide.heading && slide.heading.hasAttribute("data-minutes")) {
      slide.minutes = parseInt(slide.heading.getAttribute("data-minutes"), 10);
      slide.timingNote = "From this section's trainer note: " + slide.minutes + " minutes.";
      return;
    }
    var planned = plan && planFor(plan, slide.title);
    if (planned) {
      slide.minutes = planned.minutes;
      slide.timingNote = "From the lesson plan in the trainer notes: " + planned.label + " " + planned.minutes + ".";
      return;
    }
    slide.notes.some(function (note) {
      var text = (timingParagraph(note) || note.textContent).replace(/\s+/g, " ").trim();
      var match = MINUTES.exec(text.replace(TOTAL, ""));
      if (match) {
        slide.minutes = parseInt(match[1], 10);
        slide.timingNote = "From this section's trainer note: " + text.split(/(?<=\.)\s/)[0];
        return true;
      }
      return false;
    });
  });
  var plannedTotal = lessonMinutes();
  var sectionTotal = slides.reduce(function (sum, s) { return sum + (s.minutes || 0); }, 0);
  var timedSections = slides.filter(function (s) { return s.minutes != null; });

  function addTimings() {
    timedSections.forEach(function (slide) {
      var badge = el("span", "course-timing-badge");
      badge.appendChild(el("span", "course-sr-only", "Planned time: "));
      badge.appendChild(document.createTextNode(slide.minutes + " min"));
      badge.title = slide.timingNote;
      var link = slide.heading.querySelector(".headerlink");
      slide.heading.insertBefore(badge, link);
    });
    if (!timedSections.length && plannedTotal == null) return;
    var box = el("div", "course-timing-summary");
    box.setAttribute("role", "note");
    box.setAttribute("aria-label", "Timings for trainers");
    var facts = el("p", "course-timing-summary__facts");
    facts.appendChild(el("strong", null, "Timings for trainers. "));
    var sentences = [];
    if (plannedTotal != null) sentences.push("The lesson is planned for " + plannedTotal + " minutes.");
    if (timedSections.length) {
      sentences.push("The section timings in the trainer notes add up to " + sectionTotal + " minutes.");
    }
    facts.appendChild(document.createTextNode(sentences.join(" ")));
    box.appendChild(facts);
    if (timedSections.length) {
      var more = el("details", "course-timing-details");
      more.appendChild(el("summary", null, "Section by section"));
      var table = el("table", "course-timing-table");
      var head = table.createTHead().insertRow();
      ["Section", "Minutes", "Starts at"].forEach(function (t) { var th = el("th", null, t); th.scope = "col"; head.appendChild(th); });
      var body = table.createTBody();
      var start = 0;
      slides.forEach(function (slide) {
        if (slide.kind !== "section") return;
        var row = body.insertRow();
        var name = el("th", null, slide.title);
        name.scope = "row";
        row.appendChild(name);
        row.insertCell().textContent = slide.minutes == null ? "not given" : String(slide.minutes);
        row.insertCell().textContent = slide.minutes == null ? "" : start + " min";
        start += slide.minutes || 0;
      });
      more.appendChild(table);
      more.appendChild(el("p", "course-timing-summary__note",
        "Where one trainer note covers several sections, its time shows against the section it sits in."));
      box.appendChild(more);
    }
    var after = article.querySelector(".lesson-facts") || titleHeading;
    after.parentNode.insertBefore(box, after.nextSibling);
    box.setAttribute("data-present", "");
  }

  /* ---------- The address keeps the slide ----------
     The theme's "navigation.tracking" rewrites the address to the heading in view; while
     slides are showing, every heading but one is hidden, so it would replace #present-3
     with the wrong anchor. While a slide hash is in force, keep it. */
  var slideHash = null;
  function guardHistory(name) {
    var original = history[name];
    if (typeof original !== "function") return;
    history[name] = function (state, title, url) {
      if (slideHash && url != null) {
        try {
          var next = new URL(String(url), location.href);
          if (next.href.split("#")[0] === pageAddress() && next.hash !== slideHash) url = pageAddress() + slideHash;
        } catch (e) { /* leave it */ }
      }
      return original.call(history, state, title, url);
    };
  }
  guardHistory("replaceState");
  guardHistory("pushState");
  function keepHash(hash) {
    slideHash = hash || null;
    setHash(hash);
  }

  /* ---------- Messages between the presenting window and the speaker view ---------- */
  var role = SPEAKER_HASH.test(location.hash) ? "speaker" : "presenter";
  var me = role + "-" + Math.random().toString(36).slice(2);
  var sequence = 0;
  var seen = [];
  var peers = [];
  var channel = null;
  var handlers = {};
  try { channel = new BroadcastChannel(PROTOCOL); } catch (e) { channel = null; }

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
    var message = { protocol: PROTOCOL, page: PAGE, from: me, role: role, id: me + ":" + (++sequence), kind: kind, data: data || {} };
    if (channel) { try { channel.postMessage(message); } catch (e) { /* closed */ } }
    var target = location.protocol === "file:" || location.origin === "null" ? "*" : location.origin;
    livePeers().forEach(function (win) { try { win.postMessage(message, target); } catch (e) { /* gone */ } });
    writeJSON(localStorage, STORAGE_MESSAGE, message);
  }
  function receive(message, source) {
    if (!message || message.protocol !== PROTOCOL || message.page !== PAGE || message.from === me) return;
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

  /* ---------- The lesson timer, shared by both windows ---------- */
  var timer = readJSON(sessionStorage, TIMER_KEY);
  function ensureTimer() {
    if (!timer || typeof timer.startedAt !== "number") {
      timer = { startedAt: Date.now(), pausedAt: null };
      writeJSON(sessionStorage, TIMER_KEY, timer);
    }
    return timer;
  }
  function setTimer(value) {
    if (!value || typeof value.startedAt !== "number") return;
    timer = { startedAt: value.startedAt, pausedAt: value.pausedAt || null };
    writeJSON(sessionStorage, TIMER_KEY, timer);
  }
  function elapsedMs() {
    if (!timer) return 0;
    return Math.max(0, (timer.pausedAt || Date.now()) - timer.startedAt);
  }
  function plannedBefore(index) {
    var sum = 0;
    for (var i = 0; i < index; i++) sum += slides[i].minutes || 0;
    return sum;
  }

  /* ---------- Presenter mode ---------- */
  function presenterMode() {
    var presenting = false;
    var current = 0;
    var speakerWindow = null;
    var weMadeFullscreen = false;
    var keepPresentingUntil = 0; /* opening a window can end full screen: that is not Escape */
    var scrollBefore = 0;

    var presentButton = button("Present", "course-present-button", function () { enter(0, true); });
    presentButton.setAttribute("aria-label", "Present this page as slides (Shift+P)");
    presentButton.setAttribute("aria-keyshortcuts", "Shift+P");
    presentButton.title = "Present this page as full-screen slides (Shift+P)";
    var buttonsAtTop = article.querySelectorAll(":scope > .md-content__button");
    var afterButtons = buttonsAtTop.length ? buttonsAtTop[buttonsAtTop.length - 1].nextSibling : article.firstChild;
    article.insertBefore(presentButton, afterButtons);
    presentButton.setAttribute("data-present", "");

    /* Quizzes get a reveal button that only shows while presenting. */
    slides.forEach(function (slide) {
      slide.reveals.forEach(function (item) {
        if (!item.matches("fieldset.quiz")) return;
        var reveal = button("Show the answers", "course-quiz-reveal", function () {
          setRevealed(item, !item.hasAttribute("data-revealed"));
          sendState();
        });
        reveal.setAttribute("aria-expanded", "false");
        item.appendChild(reveal);
      });
      slide.reveals.forEach(function (item) {
        if (item.matches("details")) item.addEventListener("toggle", function () { if (presenting) sendState(); });
      });
    });

    var controls = el("div", "course-present-controls");
    controls.setAttribute("role", "group");
    controls.setAttribute("aria-label", "Presenter controls");
    var previousButton = button("Previous", "course-present-control", function () { go(current - 1); });
    var counter = el("span", "course-present-counter");
    var counterVisible = el("span", null, "");
    counterVisible.setAttribute("aria-hidden", "true");
    var counterSpoken = el("span", "course-sr-only", "");
    counterSpoken.setAttribute("role", "status");
    counterSpoken.setAttribute("aria-live", "polite");
    counter.appendChild(counterVisible);
    counter.appendChild(counterSpoken);
    var more = el("span", "course-present-more", "More below");
    var nextButton = button("Next", "course-present-control", function () { go(current + 1); });
    var speakerButton = button("Speaker view", "course-present-control", function () { openSpeaker(); });
    speakerButton.setAttribute("aria-keyshortcuts", "S");
    var fullButton = button("Full screen", "course-present-control", function () { toggleFullscreen(); });
    fullButton.setAttribute("aria-keyshortcuts", "F");
    var exitButton = button("Exit", "course-present-control", function () { exit(); });
    exitButton.setAttribute("aria-keyshortcuts", "Escape");
    exitButton.setAttribute("aria-label", "Exit presenter mode");
    var notice = el("span", "course-present-notice");
    notice.setAttribute("role", "alert");
    [previousButton, counter, nextButton, more, speakerButton, fullButton, exitButton, notice].forEach(function (n) { controls.appendChild(n); });
    controls.hidden = true;
    document.body.appendChild(controls);

    function setRevealed(item, on) {
      if (item.matches("details")) { item.open = on; return; }
      if (on) item.setAttribute("data-revealed", ""); else item.removeAttribute("data-revealed");
      var control = item.querySelector(".course-quiz-reveal");
      if (control) {
        control.textContent = on ? "Hide the answers" : "Show the answers";
        control.setAttribute("aria-expanded", on ? "true" : "false");
      }
    }
    function isRevealed(item) {
      return item.matches("details") ? item.open : item.hasAttribute("data-revealed");
    }
    function scrollState() {
      var max = article.scrollHeight - article.clientHeight;
      return { canDown: presenting && article.scrollTop < max - 2, canUp: presenting && article.scrollTop > 2 };
    }
    function state() {
      var s = scrollState();
      var slide = slides[current];
      return {
        slide: current, total: slides.length, presenting: presenting, timer: timer,
        canDown: s.canDown, canUp: s.canUp,
        revealed: slide.reveals.map(isRevealed),
      };
    }
    function sendState() { send("state", state()); }
    function updateMore() {
      more.hidden = !scrollState().canDown;
    }

    function markCurrent() {
      markAll();
      var on = slideElements(slides[current]);
      each(article.querySelectorAll("[data-present-on]"), function (n) {
        if (on.indexOf(n) < 0) n.removeAttribute("data-present-on");
      });
      on.forEach(function (n) { n.setAttribute("data-present-on", ""); });
    }
    /* The theme wraps tables after this script runs: keep the wrappers in step. */
    var pending = false;
    new MutationObserver(function () {
      if (!presenting || pending) return;
      pending = true;
      Promise.resolve().then(function () { pending = false; if (presenting) { markCurrent(); updateMore(); } });
    }).observe(article, { childList: true, subtree: true });

    function show(index, quiet) {
      index = Math.max(0, Math.min(slides.length - 1, index));
      current = index;
      var slide = slides[current];
      markCurrent();
      article.setAttribute("data-present-kind", slide.kind);
      article.setAttribute("aria-label", "Slide " + (current + 1) + " of " + slides.length + ": " + slide.title);
      article.scrollTop = 0;
      counterVisible.textContent = (current + 1) + " / " + slides.length;
      counterSpoken.textContent = "Slide " + (current + 1) + " of " + slides.length + ": " + slide.title;
      previousButton.disabled = current === 0;
      nextButton.disabled = current === slides.length - 1;
      keepHash("#present-" + (current + 1));
      updateMore();
      if (!quiet) sendState();
    }
    function go(index, quiet) {
      if (!presenting) return;
      index = Math.max(0, Math.min(slides.length - 1, index));
      if (index !== current) show(index, quiet);
      else if (!quiet) sendState();
    }
    /* Space, Page Down and the arrows up and down: scroll a long slide, then move on. */
    function step(direction, small) {
      var s = scrollState();
      var amount = article.clientHeight * (small ? 0.2 : 0.85);
      if (direction > 0 && s.canDown) article.scrollBy({ top: amount, behavior: "instant" });
      else if (direction < 0 && s.canUp) article.scrollBy({ top: -amount, behavior: "instant" });
      else { go(current + direction); return; }
      updateMore();
      sendState();
    }
    function enter(index, fromGesture) {
      if (presenting) { go(index); return; }
      presenting = true;
      scrollBefore = window.scrollY;
      ensureTimer();
      root.classList.add("course-presenting");
      article.classList.add("course-slide");
      article.setAttribute("tabindex", "-1");
      article.setAttribute("aria-roledescription", "slide");
      controls.hidden = false;
      notice.textContent = "";
      /* Answers start hidden, whatever a reader opened before. */
      slides.forEach(function (s) { s.reveals.forEach(function (item) { setRevealed(item, false); }); });
      current = Math.max(0, Math.min(slides.length - 1, index));
      show(current, true);
      article.focus({ preventScroll: true });
      if (fromGesture && root.requestFullscreen && !document.fullscreenElement) {
        try {
          root.requestFullscreen().then(function () { weMadeFullscreen = true; }, function () { /* refused */ });
        } catch (e) { /* not allowed here */ }
      }
      sendState();
    }
    function exit() {
      if (!presenting) return;
      var slide = slides[current];
      presenting = false;
      root.classList.remove("course-presenting");
      article.classList.remove("course-slide");
      ["tabindex", "aria-roledescription", "aria-label", "data-present-kind"].forEach(function (a) { article.removeAttribute(a); });
      each(article.querySelectorAll("[data-present-on]"), function (n) { n.removeAttribute("data-present-on"); });
      controls.hidden = true;
      keepHash("");
      if (document.fullscreenElement && weMadeFullscreen && document.exitFullscreen) {
        weMadeFullscreen = false;
        document.exitFullscreen().catch(function () { /* already out */ });
      }
      if (slide.kind === "title") {
        window.scrollTo(0, scrollBefore);
        presentButton.focus({ preventScroll: true });
      } else {
        slide.heading.setAttribute("tabindex", "-1");
        slide.heading.scrollIntoView();
        slide.heading.focus({ preventScroll: true });
      }
      sendState();
    }
    function toggleFullscreen() {
      if (document.fullscreenElement) {
        weMadeFullscreen = false;
        document.exitFullscreen().catch(function () { /* already out */ });
      } else if (root.requestFullscreen) {
        root.requestFullscreen().then(function () { weMadeFullscreen = true; }, function () {
          notice.textContent = "Full screen is not available here: use the browser's own full-screen key (F11).";
        });
      }
    }
    function openSpeaker() {
      try {
        if (speakerWindow && !speakerWindow.closed) { speakerWindow.focus(); sendState(); return; }
      } catch (e) { speakerWindow = null; }
      var features = "popup=yes,width=1100,height=720";
      keepPresentingUntil = Date.now() + 2000;
      speakerWindow = window.open(pageAddress() + "#speaker-" + (current + 1), "course-speaker", features);
      if (!speakerWindow) {
        notice.textContent = "The browser blocked the speaker view: allow pop-up windows for this site, then press S again.";
        return;
      }
      rememberPeer(speakerWindow);
    }

    document.addEventListener("fullscreenchange", function () {
      /* Escape first leaves full screen (the browser keeps that key): leave the slides too. */
      if (!document.fullscreenElement && weMadeFullscreen) {
        weMadeFullscreen = false;
        if (Date.now() > keepPresentingUntil) exit();
      }
    });
    article.addEventListener("scroll", function () { if (presenting) { updateMore(); } }, { passive: true });
    var scrollTimer = null;
    article.addEventListener("scroll", function () {
      if (!presenting) return;
      clearTimeout(scrollTimer);
      scrollTimer = setTimeout(sendState, 150);
    }, { passive: true });

    window.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target, event.key)) return;
      var key = event.key;
      if (!presenting) {
        if (key === "P" && event.shiftKey) { claim(event); enter(0, true); }
        return;
      }
      var onControl = event.target && event.target.closest &&
        event.target.closest("button, summary, a[href], input, label, select");
      switch (key) {
        case "ArrowRight": go(current + 1); break;
        case "ArrowLeft": go(current - 1); break;
        case "PageDown": step(1, false); break;
        case "PageUp": step(-1, false); break;
        case "ArrowDown": step(1, true); break;
        case "ArrowUp": step(-1, true); break;
        case " ": case "Spacebar":
          if (onControl && !event.shiftKey) return; /* Space presses a focused button */
          step(event.shiftKey ? -1 : 1, false); break;
        case "Home": go(0); break;
        case "End": go(slides.length - 1); break;
        case "Escape": exit(); break;
        case "s": case "S": openSpeaker(); break;
        case "f": case "F": toggleFullscreen(); break;
        case "P": if (event.shiftKey) exit(); else return; break;
        case "n": case "p": case ",": case ".": case "/":
          event.stopPropagation(); /* Material's page and search keys do nothing here */
          return;
        default: return;
      }
      claim(event);
    }, true);
    function claim(event) { event.preventDefault(); event.stopPropagation(); }

    window.addEventListener("hashchange", function () {
      var wanted = hashSlide(PRESENT_HASH);
      if (wanted != null) { if (presenting) go(wanted); else enter(wanted, false); return; }
      if (!presenting) return;
      /* A link to a part of this page: show the slide that holds it. */
      var id = decodeURIComponent(location.hash.slice(1));
      var target = id && document.getElementById(id);
      var holder = target && slides.filter(function (s) {
        return s.nodes.some(function (n) { return n === target || n.contains(target); });
      })[0];
      if (holder) show(holder.index); else keepHash("#present-" + (current + 1));
    });

    handlers.hello = function () { sendState(); };
    handlers.go = function (data) { if (presenting && typeof data.slide === "number") go(data.slide, false); };
    handlers.step = function (data) { if (presenting) step(data.direction > 0 ? 1 : -1, false); };
    handlers.timer = function (data) { setTimer(data.timer); };
    handlers.reveal = function (data) {
      if (!presenting || data.slide !== current) return;
      var item = slides[current].reveals[data.item];
      if (item) { setRevealed(item, !!data.open); sendState(); }
    };
    window.addEventListener("pagehide", function () { send("bye", {}); });

    var start = hashSlide(PRESENT_HASH);
    if (start != null) enter(start, false);
  }

  /* ---------- Speaker view ---------- */
  function speakerMode() {
    var current = Math.min(hashSlide(SPEAKER_HASH) || 0, slides.length - 1);
    var presenter = { connected: false, presenting: false, canDown: false, canUp: false, revealed: [] };
    ensureTimer();
    root.classList.add("course-speaking");
    document.title = "Speaker view: " + slides[0].title;

    var view = el("div", "course-speaker");
    var bar = el("header", "course-speaker__bar");
    var heading = el("h1", "course-speaker__title", "Speaker view");
    heading.appendChild(el("span", "course-speaker__lesson", slides[0].title));
    var slideNumber = el("p", "course-speaker__slide");
    slideNumber.setAttribute("role", "status");
    slideNumber.setAttribute("aria-live", "polite");
    var clock = el("p", "course-speaker__clock");
    var clockValue = el("span", "course-speaker__big");
    clock.appendChild(el("span", "course-speaker__label", "Time now"));
    clock.appendChild(clockValue);
    var elapsed = el("p", "course-speaker__elapsed");
    var elapsedValue = el("span", "course-speaker__big");
    var elapsedPlan = el("span", "course-speaker__plan");
    elapsed.appendChild(el("span", "course-speaker__label", "Elapsed"));
    elapsed.appendChild(elapsedValue);
    elapsed.appendChild(elapsedPlan);
    var pace = el("p", "course-speaker__pace");
    var buttons = el("div", "course-speaker__buttons");
    var previousButton = button("Previous", "course-speaker__button", function () { move(-1, false); });
    var nextButton = button("Next", "course-speaker__button", function () { move(1, false); });
    var pauseButton = button("Pause timer", "course-speaker__button", function () { togglePause(); });
    var resetButton = button("Restart timer", "course-speaker__button", function () { resetTimer(); });
    [previousButton, nextButton, pauseButton, resetButton].forEach(function (b) { buttons.appendChild(b); });
    var link = el("p", "course-speaker__link");
    [heading, slideNumber, clock, elapsed, pace, buttons, link].forEach(function (n) { bar.appendChild(n); });

    var main = el("main", "course-speaker__main");
    var notesPane = el("section", "course-speaker__notes md-typeset");
    notesPane.setAttribute("aria-labelledby", "course-speaker-now");
    var nextPane = el("section", "course-speaker__next");
    nextPane.setAttribute("aria-labelledby", "course-speaker-next");
    main.appendChild(notesPane);
    main.appendChild(nextPane);
    view.appendChild(bar);
    view.appendChild(main);
    document.body.appendChild(view);

    function stripClone(node) {
      var copy = node.cloneNode(true);
      each(copy.querySelectorAll(".headerlink, .course-timing-badge, .course-present-button, .course-quiz-reveal"), function (n) { n.remove(); });
      [copy].concat(Array.prototype.slice.call(copy.querySelectorAll("*"))).forEach(function (n) {
        ["id", "name", "for", "data-present", "data-present-on", "aria-describedby", "aria-labelledby", "tabindex"].forEach(function (a) { n.removeAttribute(a); });
      });
      return copy;
    }
    function slideClone(slide) {
      var frame = el("div", "course-slide-preview__frame md-typeset");
      frame.setAttribute("data-present-kind", slide.kind);
      slide.nodes.forEach(function (node) {
        if (node.matches(".md-content__button, .course-present-button, .course-timing-summary, .trainer, .md-source-file")) return;
        var copy = stripClone(node);
        each(copy.querySelectorAll(".trainer, .course-timing-summary, .lesson-capabilities, .admonition.notebook"), function (n) { n.remove(); });
        if (copy.matches && copy.matches(".trainer")) return;
        each(copy.querySelectorAll("details"), function (d) { d.open = false; });
        if (copy.matches("details")) copy.open = false;
        frame.appendChild(copy);
      });
      return frame;
    }
    function preview(slide, label) {
      var box = el("div", "course-slide-preview");
      box.setAttribute("role", "img");
      box.setAttribute("aria-label", label + ": " + slide.title);
      var frame = slideClone(slide);
      frame.inert = true;
      box.appendChild(frame);
      fit(box, frame);
      return box;
    }
    function fit(box, frame) {
      function apply() {
        var scale = box.clientWidth / 1280;
        if (scale > 0) frame.style.setProperty("transform", "scale(" + scale + ")");
      }
      if (window.ResizeObserver) new ResizeObserver(apply).observe(box);
      apply();
    }

    function renderNotes() {
      var slide = slides[current];
      notesPane.textContent = "";
      var title = el("h2", "course-speaker__heading");
      title.id = "course-speaker-now";
      title.appendChild(el("span", "course-speaker__label", "Now showing"));
      title.appendChild(document.createTextNode(slide.title));
      notesPane.appendChild(title);
      var plannedLine = [];
      if (slide.minutes != null) plannedLine.push("Planned for this slide: " + slide.minutes + " min.");
      if (timedSections.length && slide.kind !== "title") {
        plannedLine.push("By the end of it, the plan has used " + plannedBefore(current + 1) + " min" +
          (plannedTotal ? " of " + plannedTotal : "") + ".");
      }
      if (plannedLine.length) notesPane.appendChild(el("p", "course-speaker__planned", plannedLine.join(" ")));
      if (slide.notes.length) {
        slide.notes.forEach(function (note) {
          var copy = stripClone(note);
          copy.classList.add("course-speaker__note");
          notesPane.appendChild(copy);
        });
      } else {
        notesPane.appendChild(el("p", "course-speaker__none", "No trainer notes for this slide."));
      }
      if (slide.reveals.length) {
        var answers = el("div", "course-speaker__answers");
        answers.appendChild(el("h3", null, "Answers (only on this screen until you reveal them)"));
        slide.reveals.forEach(function (item, i) {
          var block = el("div", "course-speaker__answer");
          var shown = !!presenter.revealed[i];
          if (item.matches("details")) {
            var copy = stripClone(item);
            copy.open = true;
            block.appendChild(copy);
          } else {
            var legend = item.querySelector("legend");
            block.appendChild(el("p", "course-speaker__question", legend ? cleanText(legend) : "Quiz"));
            var list = el("ul");
            each(item.querySelectorAll(".quiz-option"), function (option) {
              var label = option.querySelector("label");
              var right = !!option.querySelector(".quiz-correct");
              list.appendChild(el("li", right ? "course-speaker__correct" : null,
                (right ? "Correct: " : "") + (label ? cleanText(label) : "")));
            });
            block.appendChild(list);
          }
          var label = item.matches("details") ? "model answer" : "quiz answers";
          var toggle = button((shown ? "Hide the " : "Show the ") + label + " on the projected slide", "course-speaker__button",
            function () { send("reveal", { slide: current, item: i, open: !shown }); });
          toggle.setAttribute("aria-pressed", shown ? "true" : "false");
          toggle.disabled = !(presenter.connected && presenter.presenting);
          block.insertBefore(toggle, block.firstChild);
          answers.appendChild(block);
        });
        notesPane.appendChild(answers);
      }
    }
    function renderNext() {
      nextPane.textContent = "";
      var next = slides[current + 1];
      var title = el("h2", "course-speaker__heading");
      title.id = "course-speaker-next";
      title.appendChild(el("span", "course-speaker__label", "Next slide"));
      title.appendChild(document.createTextNode(next ? next.title : "None: this is the last slide"));
      nextPane.appendChild(title);
      if (next) nextPane.appendChild(preview(next, "Preview of the next slide"));
      var now = el("h2", "course-speaker__heading course-speaker__heading--small");
      now.appendChild(el("span", "course-speaker__label", "On the screen now"));
      nextPane.appendChild(now);
      nextPane.appendChild(preview(slides[current], "Preview of the current slide"));
      if (presenter.connected && presenter.canDown) {
        nextPane.appendChild(el("p", "course-speaker__hint",
          "This slide has more below on the projected screen: Space or Page Down scrolls it."));
      }
    }
    function render() {
      slideNumber.textContent = "Slide " + (current + 1) + " of " + slides.length;
      previousButton.disabled = current === 0;
      nextButton.disabled = current === slides.length - 1;
      keepHash("#speaker-" + (current + 1));
      renderNotes();
      renderNext();
      tick();
      renderLink();
    }
    function renderLink() {
      if (!presenter.connected) link.textContent = "Not connected: press Present on the lesson page, then S.";
      else if (!presenter.presenting) link.textContent = "Connected, but the lesson window is not presenting: press Present there.";
      else link.textContent = "Connected to the presenting window.";
      link.setAttribute("data-connected", presenter.connected && presenter.presenting ? "yes" : "no");
    }
    function pad(n) { return (n < 10 ? "0" : "") + n; }
    function tick() {
      var now = new Date();
      clockValue.textContent = pad(now.getHours()) + ":" + pad(now.getMinutes());
      var seconds = Math.floor(elapsedMs() / 1000);
      var minutes = Math.floor(seconds / 60);
      elapsedValue.textContent = (minutes >= 60 ? Math.floor(minutes / 60) + ":" + pad(minutes % 60) : minutes) + ":" + pad(seconds % 60);
      elapsedPlan.textContent = plannedTotal ? "of " + plannedTotal + " min planned" : "";
      pauseButton.textContent = timer && timer.pausedAt ? "Resume timer" : "Pause timer";
      if (timedSections.length && slides[current].kind !== "title") {
        var planEnd = plannedBefore(current + 1);
        var late = minutes - planEnd;
        var early = plannedBefore(current) - minutes;
        if (late > 0) pace.textContent = "Behind the plan by " + late + " min";
        else if (early > 0) pace.textContent = "Ahead of the plan by " + early + " min";
        else pace.textContent = "On time";
        pace.setAttribute("data-pace", late > 0 ? "behind" : "ok");
      } else {
        pace.textContent = "";
      }
    }
    function move(direction, scrollFirst) {
      if (scrollFirst && presenter.connected && presenter.presenting &&
          (direction > 0 ? presenter.canDown : presenter.canUp)) {
        send("step", { direction: direction });
        return;
      }
      goTo(current + direction);
    }
    function goTo(index) {
      index = Math.max(0, Math.min(slides.length - 1, index));
      if (index === current) return;
      current = index;
      window.scrollTo(0, 0);
      presenter.canDown = false;
      presenter.canUp = false;
      presenter.revealed = [];
      render();
      send("go", { slide: current });
    }
    function togglePause() {
      ensureTimer();
      if (timer.pausedAt) setTimer({ startedAt: timer.startedAt + (Date.now() - timer.pausedAt), pausedAt: null });
      else setTimer({ startedAt: timer.startedAt, pausedAt: Date.now() });
      send("timer", { timer: timer });
      tick();
    }
    function resetTimer() {
      setTimer({ startedAt: Date.now(), pausedAt: timer && timer.pausedAt ? Date.now() : null });
      send("timer", { timer: timer });
      tick();
    }

    handlers.state = function (data, message) {
      if (message.role !== "presenter") return;
      var wasConnected = presenter.connected;
      presenter.connected = true;
      presenter.presenting = !!data.presenting;
      presenter.canDown = !!data.canDown;
      presenter.canUp = !!data.canUp;
      presenter.revealed = data.revealed || [];
      if (data.timer) setTimer(data.timer);
      if (!wasConnected && window.opener) send("hello", {}); /* let it learn this window */
      if (data.presenting && typeof data.slide === "number") {
        var wanted = Math.max(0, Math.min(slides.length - 1, data.slide));
        if (wanted !== current) window.scrollTo(0, 0);
        current = wanted;
      }
      render();
    };
    handlers.timer = function (data) { setTimer(data.timer); tick(); };
    handlers.bye = function (data, message) {
      if (message.role !== "presenter") return;
      presenter.connected = false;
      presenter.presenting = false;
      render();
    };

    window.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target, event.key)) return;
      var onControl = event.target && event.target.closest && event.target.closest("button, summary, a[href], input, label");
      switch (event.key) {
        case "ArrowRight": move(1, false); break;
        case "ArrowLeft": move(-1, false); break;
        case "PageDown": case "ArrowDown": move(1, true); break;
        case "PageUp": case "ArrowUp": move(-1, true); break;
        case " ": case "Spacebar":
          if (onControl && !event.shiftKey) return;
          move(event.shiftKey ? -1 : 1, true); break;
        case "Home": goTo(0); break;
        case "End": goTo(slides.length - 1); break;
        case "n": case "p": case ",": case ".": case "/": case "f": case "s":
          event.stopPropagation();
          return;
        default: return;
      }
      event.preventDefault();
      event.stopPropagation();
    }, true);
    window.addEventListener("hashchange", function () {
      var wanted = hashSlide(SPEAKER_HASH);
      if (wanted != null && wanted !== current) goTo(wanted);
    });

    render();
    setInterval(tick, 1000);
    send("hello", {});
  }

  addTimings();
  if (role === "speaker") speakerMode(); else presenterMode();
})();

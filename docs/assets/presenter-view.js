/* Presenter mode (4 of 6): the presenter view. The "Present" button (or Shift+P) turns the
   lesson or notebook page into full-screen slides without copying anything: it shows one
   slide of presenter-slides.js at a time.

   Keys while presenting: Right/Left (always the next/previous slide); Space, Page Down and
   Down scroll a long slide first and then move on (Shift+Space, Page Up and Up go back the
   same way); Home/End; S opens the speaker view; F toggles full screen; Escape or Shift+P
   leaves. The address keeps the slide (#present-3), so a reload or a shared link lands on it.
   Exercise solutions stay closed and quiz explanations stay hidden until the trainer
   reveals them; blocks not declared for "slides" (trainer notes) never appear on them. */
(function () {
  "use strict";

  var P = window.CoursePresenter = window.CoursePresenter || {};

  /* ctx: {model, plan, timer, sync, address} from presenter-start.js. */
  P.presenterView = function (ctx) {
    var util = P.util, each = util.each, el = util.el, button = util.button;
    var root = document.documentElement;
    var model = ctx.model, article = model.article, slides = model.slides;
    var timer = ctx.timer, keepHash = ctx.address.keep;
    var sync = ctx.sync, send = sync.send, handlers = sync.handlers;

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
        slide: current, total: slides.length, presenting: presenting, timer: timer.current(),
        canDown: s.canDown, canUp: s.canUp,
        revealed: slide.reveals.map(isRevealed),
      };
    }
    function sendState() { send("state", state()); }
    function updateMore() {
      more.hidden = !scrollState().canDown;
    }

    function markCurrent() {
      model.markAll();
      var on = model.slideElements(slides[current]);
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
      timer.ensure();
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
      speakerWindow = window.open(util.pageAddress() + "#speaker-" + (current + 1), "course-speaker", features);
      if (!speakerWindow) {
        notice.textContent = "The browser blocked the speaker view: allow pop-up windows for this site, then press S again.";
        return;
      }
      sync.rememberPeer(speakerWindow);
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
      if (event.ctrlKey || event.metaKey || event.altKey || util.isTyping(event.target, event.key)) return;
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
      var wanted = util.hashSlide(P.PRESENT_HASH);
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
    handlers.timer = function (data) { timer.set(data.timer); };
    handlers.reveal = function (data) {
      if (!presenting || data.slide !== current) return;
      var item = slides[current].reveals[data.item];
      if (item) { setRevealed(item, !!data.open); sendState(); }
    };
    window.addEventListener("pagehide", function () { send("bye", {}); });

    var start = util.hashSlide(P.PRESENT_HASH);
    if (start != null) enter(start, false);
  };
})();

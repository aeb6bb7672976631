/* Presenter mode (1 of 6): the shared namespace, small helpers and the slide model, that is,
   which parts of the page make which slide. presenter-start.js wires the parts together and
   describes what presenter mode does.

   The slides are, in this order:
     1. a title slide: everything before the first "##" heading (title, duration, outcomes);
     2. one slide for each "##" section in page order, except "Key points"
        (so "Further reading" is a slide of its own);
     3. the "Key points" section, last, when the page has one (every lesson does).
   A lesson with S sections besides "Key points" therefore has S + 2 slides.

   Who sees each block is declared once, in course/content/contract.py (BLOCK_TYPES); the build
   writes it on each block as data-audience (course/content/audience.py). Blocks for the speaker
   view are its notes; blocks without "slides" never show on a projected slide. */
(function () {
  "use strict";

  var P = window.CoursePresenter = window.CoursePresenter || {};

  P.PROTOCOL = "course-presenter/1";
  P.PRESENT_HASH = /^#present-(\d+)$/;
  P.SPEAKER_HASH = /^#speaker-(\d+)$/;
  /* Audiences, read from the attribute the build writes. */
  P.NOTES = '[data-audience~="speaker"]';
  P.NOT_ON_SLIDES = '[data-audience]:not([data-audience~="slides"])';
  var IGNORE_IN_TITLES = ".headerlink, .course-timing-badge, .course-sr-only";

  /* ---------- Small helpers ---------- */
  var util = P.util = {};
  util.each = function (list, fn) { Array.prototype.forEach.call(list, fn); };
  util.el = function (tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  };
  util.button = function (label, className, onClick) {
    var node = util.el("button", className, label);
    node.type = "button";
    if (onClick) node.addEventListener("click", onClick);
    return node;
  };
  util.cleanText = function (node) {
    var copy = node.cloneNode(true);
    util.each(copy.querySelectorAll(IGNORE_IN_TITLES), function (n) { n.remove(); });
    return copy.textContent.replace(/\s+/g, " ").trim();
  };
  util.readJSON = function (storage, key) {
    try { return JSON.parse(storage.getItem(key) || "null"); } catch (e) { return null; }
  };
  util.writeJSON = function (storage, key, value) {
    try { storage.setItem(key, JSON.stringify(value)); } catch (e) { /* storage blocked */ }
  };
  util.hashSlide = function (pattern) {
    var match = pattern.exec(location.hash);
    return match ? Math.max(0, parseInt(match[1], 10) - 1) : null;
  };
  util.pageAddress = function () { return location.href.split("#")[0]; };
  util.setHash = function (hash) {
    try { history.replaceState(history.state, "", util.pageAddress() + hash); } catch (e) { /* file:// in some browsers */ }
  };
  util.isTyping = function (target, key) {
    if (!target || !target.closest) return false;
    if (target.isContentEditable) return true;
    if (target.closest("textarea, select")) return true;
    var input = target.closest("input");
    /* A focused slider (an explorable's, say) keeps its own keys: arrows, Home, End, Page Up/Down. */
    if (input && input.type === "range" && /^(Arrow|Page|Home$|End$)/.test(key || "")) return true;
    return !!input && !/^(radio|checkbox|button|submit|reset|range|color)$/.test(input.type);
  };

  /* ---------- The address keeps the slide ----------
     The theme's "navigation.tracking" rewrites the address to the heading in view; while
     slides are showing, every heading but one is hidden, so it would replace #present-3
     with the wrong anchor. While a slide hash is in force, keep it. */
  P.guardAddress = function () {
    var slideHash = null;
    function guardHistory(name) {
      var original = history[name];
      if (typeof original !== "function") return;
      history[name] = function (state, title, url) {
        if (slideHash && url != null) {
          try {
            var next = new URL(String(url), location.href);
            if (next.href.split("#")[0] === util.pageAddress() && next.hash !== slideHash) url = util.pageAddress() + slideHash;
          } catch (e) { /* leave it */ }
        }
        return original.call(history, state, title, url);
      };
    }
    guardHistory("replaceState");
    guardHistory("pushState");
    return {
      keep: function (hash) {
        slideHash = hash || null;
        util.setHash(hash);
      }
    };
  };

  /* ---------- Slides from the page ----------
     Returns null on a page that is not a lesson or a notebook with "##" sections. */
  P.readSlides = function () {
    var each = util.each;
    var article = document.querySelector("article.md-content__inner");
    if (!article) return null;
    var titleHeading = article.querySelector("h1");
    var isLesson = !!article.querySelector(".lesson-facts");
    var isNotebook = !!article.querySelector(".jupyter-wrapper");
    if (!titleHeading || !(isLesson || isNotebook)) return null;
    var sectionHeadings = Array.prototype.filter.call(article.querySelectorAll("h2"), function (h) {
      return !h.closest(".admonition, details, fieldset, .course-speaker");
    });
    if (!sectionHeadings.length) return null;

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

    var keyPoints = null;
    var slides = [];
    docSlides.forEach(function (slide, index) {
      slide.kind = index === 0 ? "title" : "section";
      slide.title = util.cleanText(slide.heading);
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
        if (node.matches(P.NOTES)) slide.notes.push(node);
        each(node.querySelectorAll(P.NOTES), function (n) { slide.notes.push(n); });
      });
      /* What the trainer reveals on demand: model answers and quiz answers on the slide. */
      slide.reveals = [];
      slide.nodes.forEach(function (node) {
        var found = node.matches("details.solution, fieldset.quiz") ? [node] :
          node.querySelectorAll("details.solution, fieldset.quiz");
        each(found, function (n) { if (!n.closest(P.NOT_ON_SLIDES)) slide.reveals.push(n); });
      });
    });

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

    return {
      article: article,
      titleHeading: titleHeading,
      slides: slides,
      slideElements: slideElements,
      markAll: markAll
    };
  };
})();

/* Presenter mode (3 of 6): the lesson timer and the planned minutes.

   The planned minutes are data the build writes from front matter and the trainer notes'
   "**Timing:** N minutes." lines (course/pages/lessonpage.py): data-lesson-minutes on the lesson
   facts and data-minutes on each timed "##" heading. Nothing here reads minutes from the
   prose, so "1 h 10 min" stays 70 minutes. With trainer view on, each timed section shows a
   badge with its minutes and the lesson starts with a summary of the timings.

   The timer (when the session started, and whether it is paused) is kept per page in
   sessionStorage and shared with the other window over presenter-sync.js. */
(function () {
  "use strict";

  var P = window.CoursePresenter = window.CoursePresenter || {};
  var util = P.util;

  /* Each section's planned minutes and the lesson's, from the data the build wrote. */
  P.readPlan = function (model) {
    var slides = model.slides;
    slides.forEach(function (slide) {
      if (slide.kind !== "section" || !slide.heading.hasAttribute("data-minutes")) return;
      var minutes = parseInt(slide.heading.getAttribute("data-minutes"), 10);
      if (isNaN(minutes)) return;
      slide.minutes = minutes;
      slide.timingNote = "From this section's trainer note: " + minutes + " minutes.";
    });
    var data = model.article.querySelector("[data-lesson-minutes]");
    var total = data ? parseInt(data.getAttribute("data-lesson-minutes"), 10) : NaN;
    return {
      total: isNaN(total) ? null : total,
      sectionTotal: slides.reduce(function (sum, s) { return sum + (s.minutes || 0); }, 0),
      timed: slides.filter(function (s) { return s.minutes != null; }),
      /* Minutes planned for the slides before slide `index` (0-based). */
      before: function (index) {
        var sum = 0;
        for (var i = 0; i < index; i++) sum += slides[i].minutes || 0;
        return sum;
      }
    };
  };

  /* The timings trainers see on the page (hidden from readers and from the slides by CSS). */
  P.addTimings = function (model, plan) {
    var el = util.el;
    var slides = model.slides;
    plan.timed.forEach(function (slide) {
      var badge = el("span", "course-timing-badge");
      badge.appendChild(el("span", "course-sr-only", "Planned time: "));
      badge.appendChild(document.createTextNode(slide.minutes + " min"));
      badge.title = slide.timingNote;
      var link = slide.heading.querySelector(".headerlink");
      slide.heading.insertBefore(badge, link);
    });
    if (!plan.timed.length && plan.total == null) return;
    var box = el("div", "course-timing-summary");
    box.setAttribute("role", "note");
    box.setAttribute("aria-label", "Timings for trainers");
    var facts = el("p", "course-timing-summary__facts");
    facts.appendChild(el("strong", null, "Timings for trainers. "));
    var sentences = [];
    if (plan.total != null) sentences.push("The lesson is planned for " + plan.total + " minutes.");
    if (plan.timed.length) {
      sentences.push("The section timings in the trainer notes add up to " + plan.sectionTotal + " minutes.");
    }
    facts.appendChild(document.createTextNode(sentences.join(" ")));
    box.appendChild(facts);
    if (plan.timed.length) {
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
    var after = model.article.querySelector(".lesson-facts") || model.titleHeading;
    after.parentNode.insertBefore(box, after.nextSibling);
    box.setAttribute("data-present", "");
  };

  /* The session timer, shared by both windows. */
  P.createTimer = function () {
    var KEY = "course.presenter.timer:" + location.pathname;
    var timer = util.readJSON(sessionStorage, KEY);
    return {
      current: function () { return timer; },
      ensure: function () {
        if (!timer || typeof timer.startedAt !== "number") {
          timer = { startedAt: Date.now(), pausedAt: null };
          util.writeJSON(sessionStorage, KEY, timer);
        }
        return timer;
      },
      set: function (value) {
        if (!value || typeof value.startedAt !== "number") return;
        timer = { startedAt: value.startedAt, pausedAt: value.pausedAt || null };
        util.writeJSON(sessionStorage, KEY, timer);
      },
      elapsedMs: function () {
        if (!timer) return 0;
        return Math.max(0, (timer.pausedAt || Date.now()) - timer.startedAt);
      }
    };
  };
})();

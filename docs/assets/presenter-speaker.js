/* Presenter mode (5 of 6): the speaker view. A second window (the same page, #speaker-3) with
   the slide's trainer notes (the blocks declared for the "speaker" audience), private model
   answers and quiz answers with buttons that reveal them on the projected slide, a preview of
   the next slide, a clock and a timer against the plan. It follows the presenting window and
   drives it, over presenter-sync.js. */
(function () {
  "use strict";

  var P = window.CoursePresenter = window.CoursePresenter || {};

  /* ctx: {model, plan, timer, sync, address} from presenter-start.js. */
  P.speakerView = function (ctx) {
    var util = P.util, each = util.each, el = util.el, button = util.button;
    var root = document.documentElement;
    var model = ctx.model, article = model.article, slides = model.slides, plan = ctx.plan;
    var timer = ctx.timer, keepHash = ctx.address.keep;
    var sync = ctx.sync, send = sync.send, handlers = sync.handlers;

    var current = Math.min(util.hashSlide(P.SPEAKER_HASH) || 0, slides.length - 1);
    var presenter = { connected: false, presenting: false, canDown: false, canUp: false, revealed: [] };
    timer.ensure();
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
        if (node.matches(".md-content__button, .course-present-button, .course-timing-summary, .md-source-file, " + P.NOT_ON_SLIDES)) return;
        var copy = stripClone(node);
        each(copy.querySelectorAll(P.NOT_ON_SLIDES + ", .course-timing-summary, .lesson-capabilities, .admonition.notebook"), function (n) { n.remove(); });
        if (copy.matches && copy.matches(P.NOT_ON_SLIDES)) return;
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
      if (plan.timed.length && slide.kind !== "title") {
        plannedLine.push("By the end of it, the plan has used " + plan.before(current + 1) + " min" +
          (plan.total ? " of " + plan.total : "") + ".");
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
            block.appendChild(el("p", "course-speaker__question", legend ? util.cleanText(legend) : "Quiz"));
            var list = el("ul");
            each(item.querySelectorAll(".quiz-option"), function (option) {
              var label = option.querySelector("label");
              var right = !!option.querySelector(".quiz-correct");
              list.appendChild(el("li", right ? "course-speaker__correct" : null,
                (right ? "Correct: " : "") + (label ? util.cleanText(label) : "")));
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
      var seconds = Math.floor(timer.elapsedMs() / 1000);
      var minutes = Math.floor(seconds / 60);
      elapsedValue.textContent = (minutes >= 60 ? Math.floor(minutes / 60) + ":" + pad(minutes % 60) : minutes) + ":" + pad(seconds % 60);
      elapsedPlan.textContent = plan.total ? "of " + plan.total + " min planned" : "";
      pauseButton.textContent = timer.current() && timer.current().pausedAt ? "Resume timer" : "Pause timer";
      if (plan.timed.length && slides[current].kind !== "title") {
        var planEnd = plan.before(current + 1);
        var late = minutes - planEnd;
        var early = plan.before(current) - minutes;
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
      var t = timer.ensure();
      if (t.pausedAt) timer.set({ startedAt: t.startedAt + (Date.now() - t.pausedAt), pausedAt: null });
      else timer.set({ startedAt: t.startedAt, pausedAt: Date.now() });
      send("timer", { timer: timer.current() });
      tick();
    }
    function resetTimer() {
      var t = timer.current();
      timer.set({ startedAt: Date.now(), pausedAt: t && t.pausedAt ? Date.now() : null });
      send("timer", { timer: timer.current() });
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
      if (data.timer) timer.set(data.timer);
      if (!wasConnected && window.opener) send("hello", {}); /* let it learn this window */
      if (data.presenting && typeof data.slide === "number") {
        var wanted = Math.max(0, Math.min(slides.length - 1, data.slide));
        if (wanted !== current) window.scrollTo(0, 0);
        current = wanted;
      }
      render();
    };
    handlers.timer = function (data) { timer.set(data.timer); tick(); };
    handlers.bye = function (data, message) {
      if (message.role !== "presenter") return;
      presenter.connected = false;
      presenter.presenting = false;
      render();
    };

    window.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey || util.isTyping(event.target, event.key)) return;
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
      var wanted = util.hashSlide(P.SPEAKER_HASH);
      if (wanted != null && wanted !== current) goTo(wanted);
    });

    render();
    setInterval(tick, 1000);
    send("hello", {});
  };
})();

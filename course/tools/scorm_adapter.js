/* The SCORM 1.2 adapter of a course package (scorm.html): it shows the package's pages in a
   frame and tells the learning system (LMS) what the reader has done, through the API object
   the LMS provides (window.API in a parent or opener window, found as the SCORM 1.2 run-time
   environment describes).

   What it reports, from the reader's My learning record (window.CourseLearning in the frame;
   the record itself stays in the browser):
   - cmi.core.lesson_status: "incomplete" from the first launch, "completed" once every lesson
     of the package is marked done. It never goes back from completed.
   - cmi.core.score.raw (min 0, max 100): the percentage of the package's quiz questions
     answered correctly at the first try (unanswered questions count as not correct). It never
     goes down.
   - cmi.core.lesson_location: the page the reader is on, so a relaunch opens it again.
   - cmi.core.session_time when the reader leaves, and cmi.core.exit "suspend" until completed.
   - cmi.suspend_data: which of the package's lessons are marked done, and the first answer to
     each of their quiz questions (never reflections or the reader's name), so that a launch
     on another computer or browser fills in what that browser's My learning lacks. Format
     (at most 4,096 characters, SCORM 1.2's limit): "v1", then one ";"-separated entry per
     lesson with something recorded: <index in the package>.<done YYYYMMDD or empty>.
     <quiz date YYYYMMDD or empty>.<answers>, each answer being the question's 8 hexadecimal
     letters, the option number in base 36 (1 to a) and c (correct) or w (wrong).
   Without an LMS (the package opened on its own) it says so and the pages work as usual. */
(function () {
  "use strict";

  var holder = document.getElementById("scorm-package");
  var frame = document.getElementById("scorm-content");
  var status = document.getElementById("scorm-status");
  var pkg = JSON.parse(holder.getAttribute("data-package"));
  var started = Date.now();
  var finished = false;
  var PAGE = /^[a-z0-9][a-z0-9._\/-]*\.html$/;

  function say(text) { status.textContent = text; }

  /* The SCORM 1.2 search: this window's parents first, then the opener's. */
  function search(win) {
    for (var hops = 0; win && hops < 500; hops++) {
      try { if (win.API) return win.API; } catch (e) { /* another site's window: keep looking */ }
      if (!win.parent || win.parent === win) break;
      win = win.parent;
    }
    return null;
  }
  var api = search(window.parent !== window ? window.parent : null) ||
    (window.opener ? search(window.opener) : null);

  function get(name) { return String(api.LMSGetValue(name)); }
  function set(name, value) {
    if (String(api.LMSSetValue(name, String(value))) !== "true") {
      say("Your learning system did not accept " + name + " (error " + api.LMSGetLastError() + ").");
      return false;
    }
    return true;
  }

  /* Where the frame is, as a path inside the package, or "" when it cannot be read. */
  function framePath() {
    try {
      var base = window.location.href.replace(/[^\/]*([?#].*)?$/, "");
      var here = frame.contentWindow.location.href.split("#")[0].split("?")[0];
      return here.indexOf(base) === 0 ? decodeURIComponent(here.slice(base.length)) : "";
    } catch (e) { return ""; }
  }

  /* My learning's API in the frame, or null while it cannot be read. */
  function courseLearning() {
    try { return frame.contentWindow.CourseLearning || null; } catch (e) { return null; }
  }

  function progress(learning) {
    var done = 0, correct = 0, questions = 0, answered = 0;
    pkg.lessons.forEach(function (lesson) {
      var s = learning.summary(lesson.id);
      questions += lesson.quiz;
      if (!s) return;
      if (s.done) done += 1;
      answered += s.answered;
      correct += Math.min(s.correct, lesson.quiz);
    });
    return { done: done, lessons: pkg.lessons.length, correct: correct, questions: questions, answered: answered };
  }

  /* ---- cmi.suspend_data: the package's part of the record, for another browser ---------- */
  var LIMIT = 4096;
  function compact(date) { return date ? date.replace(/-/g, "") : ""; }
  function expand(text) { return /^\d{8}$/.test(text) ? text.slice(0, 4) + "-" + text.slice(4, 6) + "-" + text.slice(6) : null; }

  function encode(data) {
    var entries = [];
    pkg.lessons.forEach(function (lesson, index) {
      var it = data.items[lesson.id];
      if (!it) return;
      var questions = Object.keys(it.quiz).sort(), dates = [];
      var answers = questions.map(function (q) {
        var a = it.quiz[q];
        dates.push(a.date);
        return q.slice(5) + a.answer.toString(36) + (a.correct ? "c" : "w");
      });
      if (!it.done && !answers.length) return;
      dates.sort();
      entries.push([index, compact(it.done), compact(dates[0]), answers.join("")]);
    });
    function text() { return ["v1"].concat(entries.map(function (e) { return e.join("."); })).join(";"); }
    // Past the limit, quiz answers go first, from the last lesson back: done lessons matter most.
    for (var i = entries.length - 1; i >= 0 && text().length > LIMIT; i--) { entries[i][2] = ""; entries[i][3] = ""; }
    return text().length <= LIMIT ? text() : "v1";
  }

  function decode(text) {
    var entries = {};
    var parts = String(text || "").split(";");
    if (parts[0] !== "v1") return entries;
    parts.slice(1).forEach(function (part) {
      var f = part.split("."), lesson = pkg.lessons[Number(f[0])];
      if (f.length !== 4 || !/^\d+$/.test(f[0]) || !lesson) return;
      var entry = { kind: "lesson", title: lesson.title, minutes: lesson.minutes, done: expand(f[1]), quiz: {} };
      var date = expand(f[2]), found = f[3].match(/[0-9a-f]{8}[1-9a][cw]/g) || [];
      found.forEach(function (a) {
        if (date) entry.quiz["quiz-" + a.slice(0, 8)] = { answer: parseInt(a.charAt(8), 36), correct: a.charAt(9) === "c", date: date };
      });
      entries[lesson.id] = entry;
    });
    return entries;
  }

  var restored = false, lastSaved = null, broughtBack = "";
  /* Once, when My learning is first readable in the frame: add what the LMS kept. */
  function restoreFromLms(learning) {
    restored = true;
    lastSaved = get("cmi.suspend_data");
    var gained = learning.restore(decode(lastSaved));
    if (gained > 0) broughtBack = gained + (gained === 1 ? " lesson" : " lessons") + " brought back into My learning from your learning system. ";
  }

  function report() {
    if (!api || finished) return;
    var learning = courseLearning();
    if (!learning) return;
    if (!restored) restoreFromLms(learning);
    var p = progress(learning);
    var current = get("cmi.core.lesson_status");
    var complete = p.done === p.lessons;
    if (complete && current !== "completed" && current !== "passed") set("cmi.core.lesson_status", "completed");
    if (p.questions > 0 && p.answered > 0) {
      var score = Math.round(100 * p.correct / p.questions);
      var before = parseFloat(get("cmi.core.score.raw"));
      if (isNaN(before) || score > before) {
        set("cmi.core.score.min", 0);
        set("cmi.core.score.max", 100);
        set("cmi.core.score.raw", score);
      }
    }
    var where = framePath();
    if (PAGE.test(where) && where.length <= 255) set("cmi.core.lesson_location", where);
    var record = learning.read();
    if (record) {
      var data = encode(record);
      if (data !== lastSaved && data !== "v1" && set("cmi.suspend_data", data)) lastSaved = data;
    }
    api.LMSCommit("");
    say(broughtBack + pkg.title + ": " + p.done + " of " + p.lessons + " lessons marked done" +
      (p.questions && p.answered ? "; quiz score " + Math.round(100 * p.correct / p.questions) + "%" : "") +
      ". Your learning system has been told.");
  }

  function timespan(ms) {
    var seconds = Math.floor(ms / 1000);
    var h = Math.min(9999, Math.floor(seconds / 3600)), m = Math.floor(seconds / 60) % 60, s = seconds % 60;
    return (h < 10 ? "000" : h < 100 ? "00" : h < 1000 ? "0" : "") + h + ":" + (m < 10 ? "0" : "") + m + ":" +
      (s < 10 ? "0" : "") + s;
  }

  function finish() {
    if (!api || finished) return;
    report();
    finished = true;
    var current = get("cmi.core.lesson_status");
    set("cmi.core.exit", current === "completed" || current === "passed" ? "" : "suspend");
    set("cmi.core.session_time", timespan(Date.now() - started));
    api.LMSFinish("");
  }

  function watch() {
    var doc;
    try { doc = frame.contentDocument; } catch (e) { return; }
    if (!doc) return;
    doc.addEventListener("course:learning-change", report);
    report();
  }

  if (!api) {
    say("No learning system found: this package is open on its own, so progress is kept only " +
      "in this browser's My learning.");
    return;
  }
  if (String(api.LMSInitialize("")) !== "true") {
    say("Your learning system did not start the session (error " + api.LMSGetLastError() +
      "), so progress will not be recorded there.");
    api = null;
    return;
  }
  var first = get("cmi.core.lesson_status");
  if (first === "not attempted" || first === "") set("cmi.core.lesson_status", "incomplete");
  var resume = get("cmi.core.lesson_location");
  if (PAGE.test(resume) && resume.indexOf("..") < 0 && resume !== pkg.start) frame.setAttribute("src", resume);
  api.LMSCommit("");
  say(pkg.title + ": connected to your learning system.");
  frame.addEventListener("load", watch);
  try {  // the frame may have finished loading before this script ran
    if (frame.contentDocument && frame.contentDocument.readyState === "complete" &&
        frame.contentWindow.location.href !== "about:blank") watch();
  } catch (e) { /* not readable yet: its load event will come */ }
  window.addEventListener("storage", report);  // a change made in another window of the course
  window.addEventListener("pagehide", finish);
  window.addEventListener("beforeunload", finish);
}());

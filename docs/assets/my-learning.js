/* My learning: progress, first-try quiz scores, reflections and a CPD record, kept in this
   browser only (localStorage). No cookies, no server, no request of any kind.

   - Lesson and notebook pages: the build writes an empty, hidden <section class="course-progress"
     data-course-item="..."> (course/pages/learning.py); this script turns it into a "Mark as done"
     button and a reflection form, and records the first answer to each quiz question.
   - /my-learning/: the build embeds the course manifest (data-manifest); this script shows
     progress by track and part, what is left on the chosen path (?path=users chooses one),
     the printable CPD record, export, import and Clear all.

   The stored and exported format is defined here, in STORE below, and documented in
   docs/my-learning/file-format.md. Other scripts (a SCORM adapter, say) read it through
   window.CourseLearning and hear of changes through the "course:learning-change" event. */
(function () {
  "use strict";

  /* ---- The format: the one place it is defined ------------------------------------------ */
  var STORE = {
    key: "course.myLearning",          // the localStorage key
    format: "ai-health-care-course/my-learning",
    version: 1,                        // raise it when the format changes; add a migration
    kinds: ["lesson", "notebook"],
    reflection: ["learned", "practice", "code"],
    maxText: 20000,                    // characters in one reflection answer
    maxTitle: 300,
    maxName: 200,
    maxItems: 2000,
    maxBytes: 5000000                  // largest file import reads
  };
  var ID = /^[a-z0-9][a-z0-9._\/-]{0,199}$/;
  var QUESTION = /^quiz-[0-9a-f]{8}$/;
  var DATE = /^\d{4}-\d{2}-\d{2}$/;
  var PATH = /^[a-z][a-z0-9-]{0,39}$/;
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];

  function empty() {
    return { format: STORE.format, version: STORE.version, name: "", path: null, items: {} };
  }
  function newItem(kind, title, minutes) {
    return { kind: kind, title: title, minutes: minutes, done: null, quiz: {}, reflection: null };
  }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function today() {
    var d = new Date();
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }
  function longDate(iso) {
    if (!iso || !DATE.test(iso)) return "";
    var parts = iso.split("-");
    return Number(parts[2]) + " " + MONTHS[Number(parts[1]) - 1] + " " + parts[0];
  }
  function isObject(v) { return v !== null && typeof v === "object" && !Array.isArray(v); }
  function isDate(v) {
    if (typeof v !== "string" || !DATE.test(v)) return false;
    var d = new Date(v + "T00:00:00Z");
    return !isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
  }
  function isCount(v, max) { return typeof v === "number" && Math.floor(v) === v && v >= 0 && v <= max; }
  /* One recorded quiz answer: the option chosen (1 to 10), whether it was right, and when. */
  function isAnswer(a) { return isObject(a) && isCount(a.answer, 10) && a.answer >= 1 && typeof a.correct === "boolean" && isDate(a.date); }

  /* Check data read from storage or a file. Returns {value} or {error: "what is wrong"};
     never changes anything. Newer versions are refused: this page cannot know their meaning. */
  function validate(data) {
    if (!isObject(data)) return { error: "it does not hold a My learning record (the file must be one JSON object)" };
    if (data.format !== STORE.format) return { error: "it is not a My learning file from this course (its \"format\" is not \"" + STORE.format + "\")" };
    if (!isCount(data.version, 1e6) || data.version < 1) return { error: "its \"version\" is not a whole number of 1 or more" };
    if (data.version > STORE.version) {
      return { error: "it was made by a newer version of the course (file format version " + data.version +
        "; this copy of the course reads version " + STORE.version + " and older). Open it in the newest version of the course", newer: true };
    }
    if (typeof data.name !== "string" || data.name.length > STORE.maxName) return { error: "\"name\" must be text of at most " + STORE.maxName + " characters" };
    if (data.path !== null && !(typeof data.path === "string" && PATH.test(data.path))) return { error: "\"path\" must be null or a path name such as \"users\"" };
    if (!isObject(data.items)) return { error: "\"items\" must be an object of lessons and notebooks" };
    var ids = Object.keys(data.items);
    if (ids.length > STORE.maxItems) return { error: "it has more than " + STORE.maxItems + " items" };
    var clean = { format: STORE.format, version: STORE.version, name: data.name, path: data.path, items: {} };
    for (var i = 0; i < ids.length; i++) {
      var id = ids[i], it = data.items[id], where = "items → " + id;
      if (!ID.test(id)) return { error: "\"" + id.slice(0, 60) + "\" in items is not a lesson or notebook address" };
      if (!isObject(it)) return { error: where + " must be an object" };
      if (STORE.kinds.indexOf(it.kind) < 0) return { error: where + " → kind must be \"lesson\" or \"notebook\"" };
      if (typeof it.title !== "string" || !it.title || it.title.length > STORE.maxTitle) return { error: where + " → title must be text of 1 to " + STORE.maxTitle + " characters" };
      if (!isCount(it.minutes, 10000)) return { error: where + " → minutes must be a whole number" };
      if (it.done !== null && !isDate(it.done)) return { error: where + " → done must be null or a date such as 2026-12-01" };
      if (!isObject(it.quiz)) return { error: where + " → quiz must be an object" };
      var quiz = {}, questions = Object.keys(it.quiz);
      for (var q = 0; q < questions.length; q++) {
        var a = it.quiz[questions[q]], at = where + " → quiz → " + questions[q].slice(0, 40);
        if (!QUESTION.test(questions[q])) return { error: at + " is not a quiz question name (quiz- and 8 letters or digits)" };
        if (!isAnswer(a)) {
          return { error: at + " must have answer (1 to 10), correct (true or false) and date" };
        }
        quiz[questions[q]] = { answer: a.answer, correct: a.correct, date: a.date };
      }
      var reflection = null;
      if (it.reflection !== null) {
        if (!isObject(it.reflection) || !isDate(it.reflection.updated)) return { error: where + " → reflection must be null or have learned, practice, code and updated" };
        reflection = { updated: it.reflection.updated };
        for (var f = 0; f < STORE.reflection.length; f++) {
          var text = it.reflection[STORE.reflection[f]];
          if (typeof text !== "string" || text.length > STORE.maxText) return { error: where + " → reflection → " + STORE.reflection[f] + " must be text of at most " + STORE.maxText + " characters" };
          reflection[STORE.reflection[f]] = text;
        }
      }
      clean.items[id] = { kind: it.kind, title: it.title, minutes: it.minutes, done: it.done, quiz: quiz, reflection: reflection };
    }
    return { value: clean };
  }

  /* ---- Storage --------------------------------------------------------------------------- */
  var storage = (function () {
    try {
      var s = window.localStorage, probe = STORE.key + ".probe";
      s.setItem(probe, "1");
      s.removeItem(probe);
      return s;
    } catch (e) { return null; }
  })();

  /* {data} when the stored records can be read (or there are none), else {error}. */
  function read() {
    if (!storage) return { error: "unavailable" };
    var raw = storage.getItem(STORE.key);
    if (raw === null) return { data: empty() };
    var parsed;
    try { parsed = JSON.parse(raw); } catch (e) { return { error: "they are not valid JSON" }; }
    var checked = validate(parsed);
    return checked.error ? { error: checked.error } : { data: checked.value };
  }
  function write(data, changed) {
    storage.setItem(STORE.key, JSON.stringify(data));
    document.dispatchEvent(new CustomEvent("course:learning-change", { detail: { id: changed || null } }));
  }
  /* Change the stored records with fn(data); returns an error message or "". */
  function update(fn, changed) {
    var got = read();
    if (got.error) return storageProblem(got.error);
    try { fn(got.data); write(got.data, changed); } catch (e) {
      return "Your change could not be saved: this browser's storage for the course is full or blocked (" + e.name + ").";
    }
    return "";
  }
  function storageProblem(error) {
    if (error === "unavailable") {
      return "This browser does not let the course keep anything on this device (its storage is turned off, " +
        "perhaps by a private window or a setting), so nothing here can be saved.";
    }
    return "The records kept in this browser could not be read: " + error + ". Nothing has been changed. " +
      "Import an exported file, or use Clear all on the My learning page to start again.";
  }

  /* A summary of one item, for pages and for other scripts (a SCORM adapter, say). */
  function summary(data, id) {
    var it = data.items[id];
    var out = { done: false, date: null, minutes: 0, answered: 0, correct: 0, reflection: false };
    if (!it) return out;
    var quiz = Object.keys(it.quiz);
    out.done = it.done !== null;
    out.date = it.done;
    out.minutes = it.minutes;
    out.answered = quiz.length;
    out.correct = quiz.filter(function (q) { return it.quiz[q].correct; }).length;
    out.reflection = !!(it.reflection && STORE.reflection.some(function (f) { return it.reflection[f].trim(); }));
    return out;
  }

  /* Fill gaps in this browser's records from another copy of them (a learning system's saved
     data, say): a done date and first quiz answers are added only where this browser has none,
     so nothing here is ever overwritten. entries: {id: {kind, title, minutes, done, quiz}}.
     Returns how many items gained something, or -1 when the records cannot be changed. */
  function restore(entries) {
    var got = read();
    if (got.error) return -1;
    var data = got.data, gained = 0;
    Object.keys(entries).forEach(function (id) {
      var e = entries[id];
      if (!ID.test(id) || !isObject(e) || STORE.kinds.indexOf(e.kind) < 0) return;
      var it = data.items[id] || newItem(e.kind, String(e.title || id).slice(0, STORE.maxTitle), isCount(e.minutes, 10000) ? e.minutes : 0);
      var more = false;
      if (it.done === null && isDate(e.done)) { it.done = e.done; more = true; }
      Object.keys(isObject(e.quiz) ? e.quiz : {}).forEach(function (q) {
        var a = e.quiz[q];
        if (it.quiz[q] || !QUESTION.test(q) || !isAnswer(a)) return;
        it.quiz[q] = { answer: a.answer, correct: a.correct, date: a.date };
        more = true;
      });
      if (more) { data.items[id] = it; gained += 1; }
    });
    if (!gained) return 0;
    try { write(data, null); } catch (e) { return -1; }
    return gained;
  }

  window.CourseLearning = {
    STORE: STORE,
    validate: validate,
    read: function () { var got = read(); return got.data || null; },
    summary: function (id) { var got = read(); return got.data ? summary(got.data, id) : null; },
    restore: restore
  };

  /* ---- Small DOM helpers (text only: imported text never becomes HTML) ------------------- */
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "text") node.textContent = attrs[name];
      else if (name === "className") node.className = attrs[name];
      else node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function minutesText(minutes) {
    var h = Math.floor(minutes / 60), m = minutes % 60;
    if (!h) return minutes + " min";
    return m ? h + " h " + m + " min" : h + " h";
  }
  function hoursText(minutes) {
    var hours = Math.round(minutes / 6) / 10;
    return hours + (hours === 1 ? " hour" : " hours");
  }
  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }
  function quizText(s, total) {
    if (!s.answered) return total ? "quiz not tried" : "";
    return "quiz " + s.correct + " of " + s.answered + " right first time" +
      (total && s.answered < total ? " (" + s.answered + " of " + total + " questions answered)" : "");
  }

  /* ---- Lesson and notebook pages --------------------------------------------------------- */
  function presenting() { return document.documentElement.classList.contains("course-presenting"); }

  function lessonPanel(section) {
    var id = section.getAttribute("data-course-item");
    var kind = section.getAttribute("data-course-kind");
    var title = section.getAttribute("data-course-title");
    var minutes = Number(section.getAttribute("data-course-minutes"));
    var noun = kind === "notebook" ? "notebook" : "lesson";
    var article = section.closest("article") || document;
    var questions = article.querySelectorAll("fieldset.quiz").length;
    function ensure(data) {
      if (!data.items[id]) data.items[id] = newItem(kind, title, minutes);
      var it = data.items[id];
      it.title = title;
      it.minutes = minutes;
      return it;
    }

    var state = el("p", { className: "course-progress__state", role: "status" });
    var button = el("button", { type: "button", className: "course-ml-button" });
    var quizLine = el("p", { className: "course-progress__quiz" });
    var problem = el("p", { className: "course-ml-problem", role: "alert" });
    var fields = {};
    var saved = el("p", { className: "course-progress__saved", role: "status" });
    var prompts = {
      learned: ["What did you learn?", "The ideas or skills from this " + noun + " that were new to you or that you understood better."],
      practice: ["How will it change or improve your practice?", "What you will do differently at work, or have done already."],
      code: ["How is it relevant to your professional code?", "For nurses and midwives, the themes of the NMC Code: prioritise people, practise effectively, preserve safety, and promote professionalism and trust. For others, your own profession's code or standards."]
    };
    var reflection = el("div", { className: "course-reflection" }, [
      el("h3", { text: "Your reflection", id: "course-reflection-title" }),
      el("p", { text: "A few lines for your CPD record, in the form revalidation asks for. It is saved as you type, in this browser only." })
    ]);
    STORE.reflection.forEach(function (name) {
      var fieldId = "course-reflection-" + name, hintId = fieldId + "-hint";
      var area = el("textarea", { id: fieldId, rows: "3", maxlength: String(STORE.maxText), "aria-describedby": hintId });
      fields[name] = area;
      reflection.appendChild(el("div", { className: "course-reflection__field" }, [
        el("label", { "for": fieldId, text: prompts[name][0] }),
        el("p", { id: hintId, className: "course-ml-hint", text: prompts[name][1] }),
        area
      ]));
      area.addEventListener("input", function () {
        var message = update(function (data) {
          var it = ensure(data);
          it.reflection = it.reflection || { learned: "", practice: "", code: "", updated: today() };
          it.reflection[name] = area.value;
          it.reflection.updated = today();
        }, id);
        problem.textContent = message;
        if (!message) saved.textContent = "Your reflection is saved in this browser.";
      });
    });
    reflection.appendChild(saved);

    clear(section);
    section.appendChild(el("h2", { className: "course-progress__title", text: "Your learning record" }));
    section.appendChild(el("p", {}, ["Kept in this browser only, never sent anywhere. See all your progress and print a CPD record in ",
      el("a", { href: section.getAttribute("data-course-my-learning") || "#", text: "My learning" }), "."]));
    section.appendChild(problem);
    section.appendChild(state);
    section.appendChild(button);
    if (questions) section.appendChild(quizLine);
    section.appendChild(reflection);
    section.hidden = false;

    function show() {
      var got = read();
      if (got.error) {
        problem.textContent = storageProblem(got.error);
        button.disabled = true;
        Object.keys(fields).forEach(function (f) { fields[f].disabled = true; });
        state.textContent = "";
        button.textContent = "Mark as done";
        return;
      }
      var s = summary(got.data, id), it = got.data.items[id];
      state.textContent = s.done ? "You marked this " + noun + " as done on " + longDate(s.date) + "."
        : "You have not marked this " + noun + " as done yet.";
      button.textContent = s.done ? "Mark as not done" : "Mark as done";
      quizLine.textContent = s.answered
        ? "Quiz: " + s.correct + " of " + s.answered + " right first time (" + s.answered + " of " + questions + " questions answered). Only your first answer to each question counts."
        : "Quiz: answer the questions above; your first answer to each is recorded.";
      Object.keys(fields).forEach(function (f) {
        var value = it && it.reflection ? it.reflection[f] : "";
        if (document.activeElement !== fields[f] && fields[f].value !== value) fields[f].value = value;
      });
    }
    button.addEventListener("click", function () {
      var message = update(function (data) {
        var it = ensure(data);
        it.done = it.done ? null : today();
      }, id);
      problem.textContent = message;
      show();
    });
    article.addEventListener("change", function (event) {
      var input = event.target;
      if (!input.matches || !input.matches('fieldset.quiz input[type="radio"]') || presenting()) return;
      var fieldset = input.closest("fieldset.quiz");
      var explanation = input.parentNode.querySelector(".quiz-explanation");
      if (!fieldset || !QUESTION.test(fieldset.id) || !explanation) return;
      var message = update(function (data) {
        var it = ensure(data);
        if (!it.quiz[fieldset.id]) {
          it.quiz[fieldset.id] = { answer: Number(input.value), correct: explanation.classList.contains("quiz-correct"), date: today() };
        }
      }, id);
      problem.textContent = message;
      show();
    });
    window.addEventListener("storage", function (event) { if (event.key === STORE.key) show(); });
    // A change made in this window by another script (restore, from a learning system).
    document.addEventListener("course:learning-change", function (event) { if (!event.detail || !event.detail.id) show(); });
    show();
  }

  /* ---- The My learning page -------------------------------------------------------------- */
  function myLearningPage(root) {
    var manifest;
    try { manifest = JSON.parse(root.getAttribute("data-manifest")); } catch (e) { return; }
    document.documentElement.classList.add("course-ml-page");
    var byId = {};
    manifest.items.forEach(function (item) { byId[item.id] = item; });
    var links = {};
    document.querySelectorAll("a[data-course-item]").forEach(function (a) { links[a.getAttribute("data-course-item")] = a; });
    var blocks = {};
    ["status", "path", "summary", "cpd", "transfer", "clear"].forEach(function (name) {
      blocks[name] = document.getElementById("course-ml-" + name);
      if (blocks[name]) clear(blocks[name]);
    });

    // Status: what this browser can do.
    var problem = el("p", { className: "course-ml-problem", role: "alert" });
    blocks.status.appendChild(problem);
    if (location.protocol === "file:") {
      blocks.status.appendChild(el("p", { className: "course-ml-note", text:
        "You opened this course from files on this computer. Google Chrome and Microsoft Edge keep your records " +
        "for all its pages together, in this browser. Some other browsers keep a separate store for each page " +
        "opened from disk: if lessons you marked as done are missing here, use Chrome or Edge, or the course website." }));
    }

    // Learning path.
    var select = el("select", { id: "course-ml-path-select", "aria-describedby": "course-ml-path-count" },
      [el("option", { value: "", text: "No path chosen" })]);
    manifest.paths.forEach(function (p) { select.appendChild(el("option", { value: p.key, text: p.title })); });
    var pathNote = el("p", { className: "course-ml-note" });
    var pathCount = el("p", { id: "course-ml-path-count", className: "course-ml-path-count", role: "status" });
    var pathResult = el("div", { className: "course-ml-path-result" });
    blocks.path.appendChild(el("p", { className: "course-ml-controls" }, [
      el("label", { "for": "course-ml-path-select", text: "Your role" }), " ", select]));
    blocks.path.appendChild(pathNote);
    blocks.path.appendChild(pathCount);
    blocks.path.appendChild(pathResult);
    select.addEventListener("change", function () {
      var value = select.value || null;
      problem.textContent = update(function (data) { data.path = value; });
      render();
    });

    // Summary table.
    var summaryTable = el("div", { className: "course-ml-table" });
    blocks.summary.appendChild(summaryTable);

    // CPD record.
    var nameInput = el("input", { id: "course-ml-name", type: "text", autocomplete: "name", maxlength: String(STORE.maxName), "aria-describedby": "course-ml-name-hint" });
    var from = el("input", { id: "course-ml-from", type: "date" });
    var to = el("input", { id: "course-ml-to", type: "date" });
    var printButton = el("button", { type: "button", className: "course-ml-button", text: "Print or save as PDF" });
    var record = el("div", { id: "course-cpd", className: "course-cpd" });
    blocks.cpd.appendChild(el("div", { className: "course-ml-controls" }, [
      el("p", {}, [el("label", { "for": "course-ml-name", text: "Your name, as it should appear on the record" })]),
      el("p", { id: "course-ml-name-hint", className: "course-ml-hint", text: "Kept in this browser with your records and shown only on this page and what you print." }),
      el("p", {}, [nameInput]),
      el("p", { className: "course-ml-dates" }, [
        el("label", { "for": "course-ml-from", text: "Include lessons done from" }), " ", from, " ",
        el("label", { "for": "course-ml-to", text: "to" }), " ", to]),
      el("p", { className: "course-ml-hint", text: "Leave the dates empty to include everything you have done. In the print dialogue, choose \"Save as PDF\" to keep a file." }),
      el("p", {}, [printButton])
    ]));
    blocks.cpd.appendChild(record);
    nameInput.addEventListener("input", function () {
      var value = nameInput.value;
      problem.textContent = update(function (data) { data.name = value; });
      renderRecord();
    });
    [from, to].forEach(function (input) { input.addEventListener("change", renderRecord); });
    printButton.addEventListener("click", function () { window.print(); });

    // Export and import.
    var exportButton = el("button", { type: "button", className: "course-ml-button", text: "Export to a file" });
    var fileInput = el("input", { id: "course-ml-import", type: "file", accept: ".json,application/json", "aria-describedby": "course-ml-import-hint" });
    var transferMessage = el("p", { className: "course-ml-message", role: "status" });
    var confirmImport = el("div", { className: "course-ml-confirm", hidden: "" });
    blocks.transfer.appendChild(el("p", {}, [exportButton]));
    blocks.transfer.appendChild(el("p", {}, [el("label", { "for": "course-ml-import", text: "Import a file you exported" })]));
    blocks.transfer.appendChild(el("p", { id: "course-ml-import-hint", className: "course-ml-hint",
      text: "Importing replaces the records in this browser with the file's. A file that cannot be read, or that a newer version of the course made, changes nothing." }));
    blocks.transfer.appendChild(el("p", {}, [fileInput]));
    blocks.transfer.appendChild(confirmImport);
    blocks.transfer.appendChild(transferMessage);
    exportButton.addEventListener("click", function () {
      var got = read();
      if (got.error) { transferMessage.textContent = storageProblem(got.error); return; }
      var data = got.data;
      var out = { format: data.format, version: data.version, exported: today(), name: data.name, path: data.path, items: data.items };
      var name = "my-learning-" + today() + ".json";
      var url = URL.createObjectURL(new Blob([JSON.stringify(out, null, 2) + "\n"], { type: "application/json" }));
      var a = el("a", { href: url, download: name, className: "course-ml-download" });
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
      transferMessage.textContent = "Exported " + plural(Object.keys(data.items).length, "record", "records") +
        " to " + name + ", in your downloads folder.";
    });
    fileInput.addEventListener("change", function () {
      var file = fileInput.files && fileInput.files[0];
      clear(confirmImport);
      confirmImport.hidden = true;
      if (!file) return;
      function refuse(why) {
        transferMessage.textContent = "Nothing was imported, and your records are unchanged: " + file.name + " could not be used because " + why + ".";
        fileInput.value = "";
      }
      if (file.size > STORE.maxBytes) { refuse("it is larger than a My learning file can be"); return; }
      var reader = new FileReader();
      reader.onerror = function () { refuse("the browser could not read it"); };
      reader.onload = function () {
        var parsed;
        try { parsed = JSON.parse(String(reader.result)); } catch (e) { refuse("it is not valid JSON (" + e.message + ")"); return; }
        var checked = validate(parsed);
        if (checked.error) { refuse(checked.error); return; }
        var current = read();
        var count = current.data ? Object.keys(current.data.items).length : 0;
        function apply() {
          try { write(checked.value); } catch (e) { refuse("this browser's storage is full or blocked (" + e.name + ")"); return; }
          clear(confirmImport);
          confirmImport.hidden = true;
          fileInput.value = "";
          render();
          transferMessage.textContent = "Imported " + plural(Object.keys(checked.value.items).length, "record", "records") + " from " + file.name + ".";
        }
        if (!count) { apply(); return; }
        var yes = el("button", { type: "button", className: "course-ml-button course-ml-danger", text: "Replace with the file's records" });
        var no = el("button", { type: "button", className: "course-ml-button", text: "Cancel" });
        var question = el("p", { tabindex: "-1", text: "This browser already holds " + plural(count, "record", "records") +
          ". Importing " + file.name + " replaces them with its " + plural(Object.keys(checked.value.items).length, "record", "records") + "." });
        confirmImport.appendChild(question);
        confirmImport.appendChild(el("p", {}, [yes, " ", no]));
        confirmImport.hidden = false;
        question.focus();
        yes.addEventListener("click", apply);
        no.addEventListener("click", function () {
          clear(confirmImport);
          confirmImport.hidden = true;
          fileInput.value = "";
          transferMessage.textContent = "Nothing was imported; your records are unchanged.";
          fileInput.focus();
        });
      };
      reader.readAsText(file);
    });

    // Clear all.
    var clearButton = el("button", { type: "button", className: "course-ml-button course-ml-danger", text: "Clear all" });
    var confirmClear = el("div", { className: "course-ml-confirm", hidden: "" });
    var clearMessage = el("p", { className: "course-ml-message", role: "status" });
    blocks.clear.appendChild(el("p", { text: "Delete every record, quiz score, reflection and your name from this browser. Export a copy first if you may want them again." }));
    blocks.clear.appendChild(el("p", {}, [clearButton]));
    blocks.clear.appendChild(confirmClear);
    blocks.clear.appendChild(clearMessage);
    clearButton.addEventListener("click", function () {
      clear(confirmClear);
      var yes = el("button", { type: "button", className: "course-ml-button course-ml-danger", text: "Yes, clear everything" });
      var no = el("button", { type: "button", className: "course-ml-button", text: "Cancel" });
      var question = el("p", { tabindex: "-1", text: "Are you sure? This deletes all your records from this browser, and it cannot be undone." });
      confirmClear.appendChild(question);
      confirmClear.appendChild(el("p", {}, [yes, " ", no]));
      confirmClear.hidden = false;
      clearMessage.textContent = "";
      question.focus();
      no.addEventListener("click", function () {
        confirmClear.hidden = true;
        clearMessage.textContent = "Nothing was cleared.";
        clearButton.focus();
      });
      yes.addEventListener("click", function () {
        try { storage.removeItem(STORE.key); } catch (e) { /* storage blocked: render says so */ }
        document.dispatchEvent(new CustomEvent("course:learning-change", { detail: { id: null } }));
        confirmClear.hidden = true;
        nameInput.value = "";
        render();
        clearMessage.textContent = "Everything is cleared from this browser.";
        clearButton.focus();
      });
    });

    // ?path= from a trainer's link chooses the path (and is remembered, like a choice here).
    var asked = new URLSearchParams(location.search).get("path");
    if (asked !== null) {
      var known = manifest.paths.some(function (p) { return p.key === asked; });
      if (known) problem.textContent = update(function (data) { data.path = asked; });
      else pathNote.textContent = "The link you followed asked for a path called \"" + asked.slice(0, 40) + "\", which this course does not have. Choose your role here.";
    }

    function lessonLink(item) {
      var source = links[item.id];
      return el("a", { href: source ? source.getAttribute("href") : "#", text: item.title });
    }

    function renderPath(data) {
      clear(pathResult);
      var path = manifest.paths.filter(function (p) { return p.key === data.path; })[0];
      select.value = path ? path.key : "";
      if (!path) { pathCount.textContent = "Choose a role to see what is left on its learning path."; return; }
      var items = path.items.map(function (id) { return byId[id]; }).filter(Boolean);
      var left = items.filter(function (item) { return !summary(data, item.id).done; });
      var leftMinutes = left.reduce(function (sum, item) { return sum + item.minutes; }, 0);
      pathCount.textContent = "You have done " + (items.length - left.length) + " of the " + items.length +
        " lessons on the path for " + path.key + "." + (left.length ? " Left: " + plural(left.length, "lesson", "lessons") +
        ", " + minutesText(leftMinutes) + "." : " You have finished the path.");
      pathResult.appendChild(el("p", { text: path.title + ": " + path.summary }));
      if (left.length) {
        var list = el("ol", { className: "course-ml-left", "aria-label": "Lessons left on the path for " + path.key });
        left.forEach(function (item) { list.appendChild(el("li", {}, [lessonLink(item), " (" + minutesText(item.minutes) + ")"])); });
        pathResult.appendChild(list);
      }
    }

    function renderSummary(data) {
      clear(summaryTable);
      var table = el("table", {}, [el("caption", { text: "Your progress by track and part" })]);
      table.appendChild(el("thead", {}, [el("tr", {}, ["Track or part", "Done", "Time done", "Quiz: right first time"].map(function (h) { return el("th", { scope: "col", text: h }); }))]));
      var body = el("tbody");
      var totals = { done: 0, count: 0, minutes: 0, correct: 0, answered: 0 };
      manifest.groups.forEach(function (group) {
        var t = { done: 0, count: 0, minutes: 0, correct: 0, answered: 0, questions: 0 };
        manifest.items.forEach(function (item) {
          if (item.group !== group.key) return;
          var s = summary(data, item.id);
          t.count += 1; t.questions += item.quiz;
          if (s.done) { t.done += 1; t.minutes += item.minutes; }
          t.correct += s.correct; t.answered += s.answered;
        });
        ["done", "count", "minutes", "correct", "answered"].forEach(function (k) { totals[k] += t[k]; });
        var noun = group.key === "notebooks" ? "notebooks" : "lessons";
        body.appendChild(el("tr", { "data-group": group.key }, [
          el("th", { scope: "row", text: group.title }),
          el("td", { text: t.done + " of " + t.count + " " + noun }),
          el("td", { text: minutesText(t.minutes) }),
          el("td", { text: t.questions ? (t.answered ? t.correct + " of " + t.answered + " answered (" + t.questions + " questions)" : "none answered") : "no quizzes" })
        ]));
      });
      table.appendChild(body);
      table.appendChild(el("tfoot", {}, [el("tr", { "data-group": "total" }, [
        el("th", { scope: "row", text: "All" }),
        el("td", { text: totals.done + " of " + totals.count }),
        el("td", { text: minutesText(totals.minutes) }),
        el("td", { text: totals.answered ? totals.correct + " of " + totals.answered + " answered" : "none answered" })
      ])]));
      summaryTable.appendChild(table);
      // Each lesson's row in the generated tables.
      manifest.items.forEach(function (item) {
        var a = links[item.id], cell = a && a.closest("tr") && a.closest("tr").lastElementChild;
        if (!cell) return;
        var s = summary(data, item.id);
        var parts = [s.done ? "Done " + longDate(s.date) : "Not done"];
        if (quizText(s, item.quiz)) parts.push(quizText(s, item.quiz));
        if (s.reflection) parts.push("reflection written");
        cell.textContent = parts.join("; ");
      });
    }

    function renderRecord() {
      clear(record);
      var got = read();
      if (got.error) return;
      var data = got.data;
      var start = from.value, end = to.value;
      var done = Object.keys(data.items).filter(function (id) {
        var d = data.items[id].done;
        return d && (!start || d >= start) && (!end || d <= end);
      }).map(function (id) { return { id: id, record: data.items[id], item: byId[id] }; });
      done.sort(function (a, b) { return a.record.done < b.record.done ? -1 : a.record.done > b.record.done ? 1 : (a.id < b.id ? -1 : 1); });
      var total = done.reduce(function (sum, d) { return sum + d.record.minutes; }, 0);
      var place = location.protocol === "file:" ? "an offline copy opened from this computer" : new URL("../", location.href).href;
      var period = done.length ? longDate(start || done[0].record.done) + " to " + longDate(end || done[done.length - 1].record.done) : "";
      record.appendChild(el("h3", { className: "course-cpd__title", text: "Continuing professional development (CPD) record" }));
      record.appendChild(el("p", { className: "course-cpd__disclaimer" }, [el("strong", { text: "A self-declared record. " }),
        "The learner kept this record themselves, in their own web browser, while studying AI for health and care staff, " +
        "an independent, free and open online course. It is not an NHS product. Nobody has checked or verified it. " +
        "Times are each lesson's planned study time, not time measured."]));
      var facts = el("dl", { className: "course-cpd__facts" });
      [["Name", data.name.trim() || "(not given)"], ["Course", "AI for health and care staff (" + place + ")"],
        ["Period", period || "no lessons done yet"], ["Printed on", longDate(today())],
        ["Total", plural(done.length, "lesson or notebook", "lessons and notebooks") + ", " + minutesText(total) + " (" + hoursText(total) + ")"],
        ["Type of learning", "Self-directed online study"]].forEach(function (pair) {
        facts.appendChild(el("dt", { text: pair[0] }));
        facts.appendChild(el("dd", { text: pair[1] }));
      });
      record.appendChild(facts);
      if (!done.length) {
        record.appendChild(el("p", { text: "Nothing to show yet: mark lessons as done on their pages, and they appear here." }));
        return;
      }
      done.forEach(function (d) {
        var item = d.item, entry = el("section", { className: "course-cpd__entry", "data-course-item": d.id });
        entry.appendChild(el("h4", { text: d.record.title }));
        var dl = el("dl");
        function row(term, value) { dl.appendChild(el("dt", { text: term })); dl.appendChild(el("dd", {}, [value])); }
        row("Completed", longDate(d.record.done));
        row("Time", minutesText(d.record.minutes));
        if (item) {
          var group = manifest.groups.filter(function (g) { return g.key === item.group; })[0];
          row("Part of the course", group ? group.title : item.track);
          var outcomes = el("ul");
          item.outcomes.forEach(function (o) { outcomes.appendChild(el("li", { text: o })); });
          row("Outcomes", outcomes);
          row("Capability framework", item.capabilities.map(function (c) { return c + " " + (manifest.capabilities[c] || ""); }).join("; "));
        }
        var s = summary(data, d.id);
        if (s.answered) row("Quiz", s.correct + " of " + s.answered + " right first time");
        var r = d.record.reflection;
        var reflectionRows = [["What I learned", "learned"], ["How it changes my practice", "practice"], ["How it relates to my professional code", "code"]];
        if (r && s.reflection) {
          reflectionRows.forEach(function (pair) { row(pair[0], r[pair[1]].trim() || "(not written)"); });
        } else {
          row("Reflection", "(not written)");
        }
        entry.appendChild(dl);
        record.appendChild(entry);
      });
    }

    function render() {
      var got = read();
      var disabled = !!got.error;
      problem.textContent = got.error ? storageProblem(got.error) : "";
      [select, nameInput, exportButton].forEach(function (c) { c.disabled = disabled; });
      fileInput.disabled = !storage;
      clearButton.disabled = !storage;
      var data = got.data || empty();
      if (document.activeElement !== nameInput) nameInput.value = data.name;
      renderPath(data);
      renderSummary(data);
      renderRecord();
    }
    window.addEventListener("storage", function (event) { if (event.key === STORE.key || event.key === null) render(); });
    document.addEventListener("course:learning-change", function (event) { if (!event.detail || !event.detail.id) render(); });
    render();
  }

  var panel = document.querySelector("section.course-progress[data-course-item]");
  if (panel) lessonPanel(panel);
  var page = document.getElementById("course-my-learning");
  if (page) myLearningPage(page);
})();

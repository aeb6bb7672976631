/* Explorable "threshold": where the line is drawn on 1,000 made-up risk scores; sensitivity,
   specificity, alerts a day and missed people out. The made-up unit of
   notebooks/users/what-does-a-score-mean.ipynb, the same as threshold_compute() in
   course/content/explorables.py. Needs explorable.js. */
(function () {
  "use strict";
  var X = window.CourseExplorables = window.CourseExplorables || {};
  var PEOPLE = 1000, WORSE = 100;
  var scores = null;
  function L() { return X.lib; }

  /* Scores in hundredths: the notebook's two bell curves, squeezed between 0 and 1, taken at
     evenly spaced points of each curve instead of drawn at random. */
  function group(size, middle, spread) {
    var list = [];
    for (var i = 0; i < size; i++) {
      var raw = middle + spread * L().normalQuantile((i + 0.5) / size);
      list.push(L().halfUp(100 * (1 / (1 + Math.exp(-raw)))));
    }
    return list;
  }
  function allScores() {
    if (!scores) scores = [group(WORSE, 1.25, 1.65), group(PEOPLE - WORSE, -2.1, 1.75)];
    return scores;
  }

  X.threshold = {
    scores: allScores,
    compute: function (v) {
      var s = allScores(), line = L().halfUp(v.threshold * 100);
      var caught = s[0].filter(function (x) { return x >= line; }).length;
      var falseAlarms = s[1].filter(function (x) { return x >= line; }).length;
      var perDay = v.admissions / PEOPLE;
      return { caught: caught, missed: WORSE - caught, false_alarms: falseAlarms,
        cleared: PEOPLE - WORSE - falseAlarms,
        sensitivity: 100 * caught / WORSE,
        specificity: 100 * (PEOPLE - WORSE - falseAlarms) / (PEOPLE - WORSE),
        alerts_per_day: (caught + falseAlarms) * perDay,
        real_per_day: caught * perDay,
        missed_per_day: (WORSE - caught) * perDay, line: line };
    },
    sentence: function (v, r) {
      var fixed = L().fixed;
      return "With the line at " + fixed(v.threshold, 2) + ": sensitivity " + fixed(r.sensitivity, 0) +
        "%, specificity " + fixed(r.specificity, 1) + "%. At " + fixed(v.admissions, 0) +
        " admissions a day, about " + fixed(r.alerts_per_day, 1) + " alerts a day, " + fixed(r.real_per_day, 1) +
        " of them real. Missed: " + r.missed + " of the 100 people who got worse had no flag, about " +
        fixed(r.missed_per_day, 1) + " a day.";
    },
    table: function (v, r) {
      return { caption: "1,000 made-up admissions, 100 of whom got seriously worse.",
        head: ["", "Got worse", "Did not get worse"],
        rows: [["Flagged", r.caught + " caught", r.false_alarms + " false alarms"],
          ["Not flagged", r.missed + " missed", r.cleared + " rightly not flagged"]] };
    },
    figure: function (id, v, r) {
      return L().iconArray(id, "Icon array of 1,000 admissions: " + r.caught + " caught, " + r.missed +
        " missed, " + r.false_alarms + " false alarms, " + r.cleared + " rightly not flagged.",
        [r.caught, r.missed, r.false_alarms, r.cleared]);
    }
  };
})();

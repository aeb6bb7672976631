/* Explorable "control-chart": a year of weekly alert rates on a p-chart, with a change the
   reader adds (the week it starts and its size); the Making Data Count rules say when a signal
   fires. The p-chart of notebooks/embedders/monitoring-drift.ipynb (limits from weeks 1 to 20),
   the same as chart_compute() in course/content/explorables.py. Needs explorable.js. */
(function () {
  "use strict";
  var X = window.CourseExplorables = window.CourseExplorables || {};
  var WEEKS = 52, BASELINE_WEEKS = 20, BASE_RATE = 0.08, SEED = 89;
  var RULES = ["a point outside the process limits",
    "a run of 7 points on one side of the centre line",
    "a trend of 7 points going one way",
    "2 of 3 points beyond 2 standard errors on one side"];
  function L() { return X.lib; }
  function inARow(condition) {
    var run = 0;
    return condition.map(function (holds) { run = holds ? run + 1 : 0; return run; });
  }
  function sum(list) { return list.reduce(function (a, b) { return a + b; }, 0); }
  function ordinal(n) {
    var suffix = n % 100 >= 10 && n % 100 <= 20 ? "th" : ({ 1: "st", 2: "nd", 3: "rd" })[n % 10] || "th";
    return n + suffix;
  }

  X["control-chart"] = {
    compute: function (v) {
      var changeWeek = Math.floor(v.week), rise = v.change / 100;
      var rng = new (L().Lcg)(SEED);
      var sizes = [], flagged = [], i, week;
      for (week = 1; week <= WEEKS; week++) {
        var size = 150 + Math.floor(rng.next() * 151);
        var rate = week >= changeWeek ? BASE_RATE + rise : BASE_RATE;
        var hits = 0;
        for (var k = 0; k < size; k++) if (rng.next() < rate) hits += 1;
        sizes.push(size);
        flagged.push(hits);
      }
      var rates = flagged.map(function (f, j) { return f / sizes[j]; });
      var centre = sum(flagged.slice(0, BASELINE_WEEKS)) / sum(sizes.slice(0, BASELINE_WEEKS));
      var errors = sizes.map(function (n) { return Math.sqrt(centre * (1 - centre) / n); });
      var upper = errors.map(function (e) { return centre + 3 * e; });
      var lower = errors.map(function (e) { return Math.max(0.0, centre - 3 * e); });
      var above = inARow(rates.map(function (r) { return r > centre; }));
      var below = inARow(rates.map(function (r) { return r < centre; }));
      var rises = inARow(rates.map(function (r, j) { return j > 0 && r > rates[j - 1]; }));
      var falls = inARow(rates.map(function (r, j) { return j > 0 && r < rates[j - 1]; }));
      var high = rates.map(function (r, j) { return r > centre + 2 * errors[j] ? 1 : 0; });
      var low = rates.map(function (r, j) { return r < centre - 2 * errors[j] ? 1 : 0; });
      var signals = [];
      for (i = 0; i < WEEKS; i++) {
        var found = [];
        if (rates[i] > upper[i]) found.push("1up");
        if (rates[i] < lower[i]) found.push("1down");
        if (above[i] >= 7) found.push("2up");
        if (below[i] >= 7) found.push("2down");
        if (rises[i] >= 6) found.push("3up");
        if (falls[i] >= 6) found.push("3down");
        if (i >= 2 && sum(high.slice(i - 2, i + 1)) >= 2) found.push("4up");
        if (i >= 2 && sum(low.slice(i - 2, i + 1)) >= 2) found.push("4down");
        signals.push(found);
      }
      var first = {};
      signals.forEach(function (found, j) {
        found.forEach(function (key) { if (!(key in first)) first[key] = j + 1; });
      });
      var detected = null;
      for (i = changeWeek - 1; i < WEEKS; i++) if (signals[i].length) { detected = i + 1; break; }
      var before = [];
      for (i = 0; i < changeWeek - 1; i++) if (signals[i].length) before.push(i + 1);
      return { rates: rates, centre: centre, upper: upper, lower: lower, signals: signals, first: first,
        detected: detected,
        detected_by: detected ? signals[detected - 1].map(function (k) { return parseInt(k[0], 10); }) : [],
        false_alarms: before };
    },
    sentence: function (v, r) {
      var fixed = L().fixed;
      var week = Math.floor(v.week), change = v.change, centre = fixed(100 * r.centre, 1);
      var chance = r.false_alarms.slice(), what, found;
      if (change === 0) {
        if (r.detected) chance.push(r.detected);
        what = "No change: the true alert rate stays at 8.0% all year (centre line " + centre + "%).";
        found = "";
      } else {
        what = "From week " + week + " the true alert rate " + (change > 0 ? "rises" : "falls") + " from 8.0% to " +
          fixed(8 + change, 1) + "% (centre line " + centre + "%).";
        if (r.detected === null) {
          found = " No rule fires in the weeks after the change.";
        } else {
          var numbers = r.detected_by.filter(function (n, j, all) { return all.indexOf(n) === j; }).sort();
          found = " The first signal comes in week " + r.detected + ", the " + ordinal(r.detected - week + 1) +
            " week of the change: " + numbers.map(function (n) { return RULES[n - 1]; }).join(" and ") + ".";
        }
      }
      if (chance.length) {
        found += " A rule fires by chance in week" + (chance.length > 1 ? "s " : " ") +
          chance.slice(0, 2).join(" and ") + (chance.length > 2 ? " and later" : "") + ": a false alarm.";
      } else if (change === 0) {
        found = " No rule fires in the 52 weeks.";
      }
      return what + found;
    },
    table: function (v, r) {
      return { caption: "The first week each Making Data Count rule fires, over 52 weeks.",
        head: ["Rule", "Signal of a rise", "Signal of a fall"],
        rows: RULES.map(function (rule, i) {
          var up = r.first[(i + 1) + "up"], down = r.first[(i + 1) + "down"];
          return [rule.charAt(0).toUpperCase() + rule.slice(1), up ? "week " + up : "none", down ? "week " + down : "none"];
        }) };
    },
    figure: function (id, v, r) {
      var fixed = L().fixed, escape = L().escape;
      function x(week) { return 50 + (week - 1) * 9; }
      function y(rate) { return 260 - Math.min(rate, 0.2) * 1200; }
      function steps(values) {
        return values.map(function (value, i) {
          return fixed(x(i + 1) - 4.5, 1) + "," + fixed(y(value), 1) + " " + fixed(x(i + 1) + 4.5, 1) + "," + fixed(y(value), 1);
        }).join(" ");
      }
      var signalled = r.signals.map(function (s) { return s.length > 0; });
      var out = ['<svg class="explorable-svg" viewBox="0 0 520 300" role="img" aria-labelledby="' + id + '-svg-title">',
        '<title id="' + id + '-svg-title">' + escape("p-chart of the weekly alert rate over 52 weeks, with a signal in " +
          signalled.filter(Boolean).length + " weeks.") + "</title>",
        '<rect width="520" height="300" fill="#ffffff"/>',
        '<rect x="45.5" y="20" width="180" height="240" fill="#e6e6e6"/>',
        '<text x="50" y="34" font-size="13" fill="#1a1a1a">Baseline: weeks 1 to 20</text>'];
      [0, 5, 10, 15, 20].forEach(function (tick) {
        var ty = fixed(y(tick / 100), 1);
        out.push('<line x1="45" x2="510" y1="' + ty + '" y2="' + ty + '" stroke="#d0d0d0"/>');
        out.push('<text x="40" y="' + fixed(y(tick / 100) + 4, 1) + '" font-size="13" text-anchor="end" fill="#1a1a1a">' + tick + "%</text>");
      });
      [1, 10, 20, 30, 40, 52].forEach(function (week) {
        out.push('<text x="' + x(week) + '" y="278" font-size="13" text-anchor="middle" fill="#1a1a1a">' + week + "</text>");
      });
      out.push('<text x="280" y="296" font-size="13" text-anchor="middle" fill="#1a1a1a">Week</text>');
      var cy = fixed(y(r.centre), 1);
      out.push('<line x1="45.5" x2="513.5" y1="' + cy + '" y2="' + cy + '" stroke="#1a1a1a" stroke-width="1.5"/>');
      out.push('<polyline points="' + steps(r.upper) + '" fill="none" stroke="#b3261e" stroke-width="1.5" stroke-dasharray="5 3"/>');
      out.push('<polyline points="' + steps(r.lower) + '" fill="none" stroke="#b3261e" stroke-width="1.5" stroke-dasharray="5 3"/>');
      if (v.change !== 0) {
        var cx = fixed(x(Math.floor(v.week)) - 4.5, 1);
        out.push('<line x1="' + cx + '" x2="' + cx + '" y1="20" y2="260" stroke="#1b6e3a" stroke-width="2" stroke-dasharray="2 3"/>');
        out.push('<text x="' + fixed(x(Math.floor(v.week)) - 2, 1) + '" y="' + (v.change > 0 ? 250 : 34) + '" font-size="13" fill="#1b6e3a">change</text>');
      }
      out.push('<polyline points="' + r.rates.map(function (rate, i) { return x(i + 1) + "," + fixed(y(rate), 1); }).join(" ") +
        '" fill="none" stroke="#0b5cad" stroke-width="1.5"/>');
      r.rates.forEach(function (rate, i) {
        var px = x(i + 1), py = fixed(y(rate), 1);
        out.push('<circle cx="' + px + '" cy="' + py + '" r="2.5" fill="#0b5cad"/>');
        if (signalled[i]) out.push('<circle cx="' + px + '" cy="' + py + '" r="6" fill="none" stroke="#b3261e" stroke-width="2"/>');
      });
      out.push("</svg>");
      return out.join("");
    }
  };
})();

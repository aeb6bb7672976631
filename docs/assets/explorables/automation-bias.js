/* Explorable "automation-bias": how often staff follow the tool, the tool's accuracy and staff
   accuracy in; the team's final error rate out. The clinician who defers in
   notebooks/foundation/automation-bias.ipynb, averaged over the coin flips; the same as
   bias_compute() in course/content/explorables.py. Needs explorable.js. */
(function () {
  "use strict";
  var X = window.CourseExplorables = window.CourseExplorables || {};
  var CASES = 1000;
  function L() { return X.lib; }

  X["automation-bias"] = {
    compute: function (v) {
      var halfUp = L().halfUp;
      var follow = v.follow / 100, toolError = 1 - v.tool / 100, staffError = 1 - v.staff / 100;
      var teamError = follow * toolError + (1 - follow) * staffError;
      var through = toolError * (follow + (1 - follow) * staffError);
      return { team: 100 * teamError, tool: 100 * toolError, staff: 100 * staffError,
        team_cases: halfUp(CASES * teamError), tool_cases: halfUp(CASES * toolError),
        staff_cases: halfUp(CASES * staffError), through: halfUp(CASES * through) };
    },
    sentence: function (v, r) {
      var fixed = L().fixed;
      return "Staff follow the tool in " + fixed(v.follow, 0) + "% of cases. The team gets " + r.team_cases +
        " of every 1,000 cases wrong (" + fixed(r.team, 1) + "%): staff alone would get " + r.staff_cases +
        " wrong and the tool alone " + r.tool_cases + ". Of the tool's " + r.tool_cases + " mistakes, " +
        r.through + " reach the patient.";
    },
    table: function (v, r) {
      var fixed = L().fixed, count = L().count;
      return { caption: "Wrong final decisions in 1,000 cases.",
        head: ["Who decides", "Wrong decisions", "Share wrong"],
        rows: [["Staff alone", count(r.staff_cases), fixed(r.staff, 1) + "%"],
          ["The tool alone", count(r.tool_cases), fixed(r.tool, 1) + "%"],
          ["The team", count(r.team_cases), fixed(r.team, 1) + "%"]] };
    },
    /* Three bars on a scale of 0 to 50% wrong, each labelled with its number. */
    figure: function (id, v, r) {
      var fixed = L().fixed, escape = L().escape;
      var bars = [["Staff alone", r.staff], ["The tool alone", r.tool], ["The team", r.team]];
      var out = ['<svg class="explorable-svg" viewBox="0 0 480 170" role="img" aria-labelledby="' + id + '-svg-title">',
        '<title id="' + id + '-svg-title">' + escape("Bar chart of wrong decisions: staff alone " + fixed(r.staff, 1) +
          "%, the tool alone " + fixed(r.tool, 1) + "%, the team " + fixed(r.team, 1) + "%.") + "</title>",
        '<rect width="480" height="170" fill="#ffffff"/>'];
      bars.forEach(function (bar, i) {
        var y = 14 + i * 50, width = Math.max(bar[1] * 5.2, 1);
        out.push('<text x="0" y="' + (y + 16) + '" font-size="15" fill="#1a1a1a">' + bar[0] + "</text>");
        out.push('<rect x="130" y="' + y + '" width="' + fixed(width, 1) + '" height="24" fill="' + (i === 2 ? "#0b5cad" : "#6b6b6b") + '"/>');
        out.push('<text x="' + fixed(136 + width, 1) + '" y="' + (y + 18) + '" font-size="15" fill="#1a1a1a">' + fixed(bar[1], 1) + "%</text>");
      });
      out.push('<text x="130" y="164" font-size="13" fill="#4a4a4a">Wrong decisions (bar length: 0 to 50%)</text>');
      out.push("</svg>");
      return out.join("");
    }
  };
})();

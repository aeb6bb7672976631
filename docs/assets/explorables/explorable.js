/* Explorables: interactive figures in a lesson (course/content/explorable_block.py writes them).

   The build writes each explorable as a <figure class="explorable"> that already shows a static
   figure, a sentence and a table for its starting values, with its labelled inputs in a hidden
   fieldset. This script shows the inputs (a range slider and a number box for each), and when
   either changes it works the numbers out again with the explorable's own file
   (ppv.js, threshold.js, control-chart.js, automation-bias.js), redraws the figure, rewrites
   the table and states the result in words in a live region. The same maths in Python is in
   course/content/explorables.py; a test checks that both print the same numbers.

   A classic script: no modules, no network, no eval, no inline styles. */
(function () {
  "use strict";
  var X = window.CourseExplorables = window.CourseExplorables || {};

  /* ---------- Shared helpers: the same as course/content/explorables.py ---------- */
  function halfUp(x) { return Math.floor(x + 0.5); }
  function fixed(x, places) {
    var scale = Math.pow(10, places);
    var n = halfUp(x * scale);
    var sign = n < 0 ? "-" : "";
    n = Math.abs(n);
    var whole = Math.floor(n / scale), part = n - whole * scale;
    var text = sign + count(whole);
    if (places) text += "." + String(part).padStart(places, "0");
    return text;
  }
  function count(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ","); }
  function Lcg(seed) { this.state = seed >>> 0; }
  Lcg.prototype.next = function () {
    this.state = (Math.imul(1664525, this.state) + 1013904223) >>> 0;
    return this.state / 4294967296;
  };
  var A = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
    1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
  var B = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
    6.680131188771972e+01, -1.328068155288572e+01];
  var C = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
    -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
  var D = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
    3.754408661907416e+00];
  function normalQuantile(p) {
    var low = 0.02425, q, r;
    if (p < low) {
      q = Math.sqrt(-2 * Math.log(p));
      return (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) /
        ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
    }
    if (p > 1 - low) {
      q = Math.sqrt(-2 * Math.log(1 - p));
      return -(((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) /
        ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
    }
    q = p - 0.5;
    r = q * q;
    return (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q /
      (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
  }
  function escape(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }
  /* An icon array: 1,000 people in 25 rows of 40, one symbol a person, the groups in order.
     Each group is drawn as up to three rectangles filled with its symbol (an SVG pattern),
     as course/content/explorable_block.py draws it. */
  function iconArray(id, title, groups) {
    var parts = ['<svg class="explorable-svg" viewBox="0 0 480 300" role="img" aria-labelledby="' + id + '-svg-title">',
      '<title id="' + id + '-svg-title">' + escape(title) + "</title>",
      '<rect width="480" height="300" fill="#ffffff"/>', "<defs>"];
    X.SYMBOLS.forEach(function (symbol, i) {
      parts.push('<pattern id="' + id + "-p" + i + '" width="12" height="12" patternUnits="userSpaceOnUse">' + symbol + "</pattern>");
    });
    parts.push("</defs>");
    var start = 0;
    groups.forEach(function (size, i) {
      X.cellRects(start, start + size).forEach(function (r) {
        parts.push('<rect x="' + r[0] + '" y="' + r[1] + '" width="' + r[2] + '" height="' + r[3] +
          '" fill="url(#' + id + "-p" + i + ')"/>');
      });
      start += size;
    });
    parts.push("</svg>");
    return parts.join("");
  }
  /* The rectangles (x, y, width, height) that cover cells [start, end) of a 40-wide grid. */
  function cellRects(start, end) {
    var rects = [];
    if (start < end && start % 40) {
      var stop = Math.min(end, start - start % 40 + 40);
      rects.push([(start % 40) * 12, Math.floor(start / 40) * 12, (stop - start) * 12, 12]);
      start = stop;
    }
    var full = Math.floor((end - start) / 40);
    if (full > 0) { rects.push([0, (start / 40) * 12, 480, full * 12]); start += full * 40; }
    if (start < end) rects.push([0, (start / 40) * 12, (end - start) * 12, 12]);
    return rects;
  }
  /* Symbols for the icon arrays: a filled square, a cross, a triangle, a small dot. Dark
     colours on white (at least 4.5:1), and a different shape for each group. */
  X.SYMBOLS = [
    '<rect x="2" y="2" width="8" height="8" fill="#b3261e"/>',
    '<path d="M2.5 2.5l7 7m0-7l-7 7" stroke="#7a4100" stroke-width="2.2"/>',
    '<path d="M6 1.5l4.5 8.5h-9z" fill="#0b5cad"/>',
    '<circle cx="6" cy="6" r="1.8" fill="#6b6b6b"/>'
  ];
  X.lib = { halfUp: halfUp, fixed: fixed, count: count, Lcg: Lcg, normalQuantile: normalQuantile,
    escape: escape, iconArray: iconArray };
  X.cellRects = cellRects;

  /* ---------- The driver: inputs in, figure, table and sentence out ---------- */
  function places(step) {
    var text = String(step);
    return text.indexOf(".") >= 0 ? text.split(".")[1].length : 0;
  }
  function tableHtml(table) {
    var html = "<caption>" + escape(table.caption) + "</caption><thead><tr>";
    table.head.forEach(function (cell, i) {
      html += i === 0 && !cell ? '<td></td>' : '<th scope="col">' + escape(cell) + "</th>";
    });
    html += "</tr></thead><tbody>";
    table.rows.forEach(function (row) {
      html += "<tr>";
      row.forEach(function (cell, i) {
        html += i === 0 ? '<th scope="row">' + escape(cell) + "</th>" : "<td>" + escape(cell) + "</td>";
      });
      html += "</tr>";
    });
    return html + "</tbody>";
  }
  function enhance(figure) {
    var name = figure.getAttribute("data-explorable");
    var model = X[name];
    var controls = figure.querySelector(".explorable-controls");
    if (!model || !controls || figure.hasAttribute("data-explorable-live")) return;
    var id = figure.id;
    var rows = Array.prototype.slice.call(controls.querySelectorAll(".explorable-input"));
    var result = figure.querySelector(".explorable-result");
    var picture = figure.querySelector(".explorable-picture");
    var table = figure.querySelector(".explorable-table");
    var shown = figure.querySelector(".explorable-values");

    function read() {
      var values = {};
      rows.forEach(function (row) {
        var range = row.querySelector("input[type=range]");
        var scale = Math.pow(10, places(range.step));
        values[range.name] = Math.round(parseFloat(range.value) * scale) / scale;
      });
      return values;
    }
    function update() {
      var values = read();
      var r = model.compute(values);
      picture.innerHTML = model.figure(id, values, r);
      table.innerHTML = tableHtml(model.table(values, r));
      result.textContent = model.sentence(values, r);
      if (shown) {
        shown.textContent = "Figures for: " + rows.map(function (row) {
          var range = row.querySelector("input[type=range]");
          return row.getAttribute("data-short") + " " + fixed(values[range.name], places(range.step)) +
            (row.getAttribute("data-unit") || "");
        }).join(", ") + ".";
      }
    }
    rows.forEach(function (row) {
      var range = row.querySelector("input[type=range]");
      var number = row.querySelector("input[type=number]");
      range.addEventListener("input", function () { number.value = range.value; update(); });
      number.addEventListener("input", function () {
        var value = parseFloat(number.value);
        if (isNaN(value) || value < parseFloat(range.min) || value > parseFloat(range.max)) return;
        range.value = number.value;
        update();
      });
      number.addEventListener("change", function () {
        var value = parseFloat(number.value);
        if (isNaN(value)) value = parseFloat(range.value);
        value = Math.min(parseFloat(range.max), Math.max(parseFloat(range.min), value));
        range.value = String(value);
        number.value = range.value;
        update();
      });
    });
    controls.hidden = false;
    figure.setAttribute("data-explorable-live", "");
    result.setAttribute("aria-live", "polite");
    update();
  }
  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("figure.explorable[data-explorable]"), enhance);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else setTimeout(start, 0);
})();

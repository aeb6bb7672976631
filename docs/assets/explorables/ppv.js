/* Explorable "ppv": prevalence, sensitivity and specificity in; PPV, NPV and an icon array of
   1,000 people out. The maths of notebooks/foundation/ppv-and-prevalence.ipynb, the same as
   ppv_compute() in course/content/explorables.py. Needs explorable.js. */
(function () {
  "use strict";
  var X = window.CourseExplorables = window.CourseExplorables || {};
  var PEOPLE = 1000;
  function L() { return X.lib; }

  X.ppv = {
    compute: function (v) {
      var halfUp = L().halfUp;
      var sensitivity = v.sensitivity / 100, specificity = v.specificity / 100, prevalence = v.prevalence / 100;
      var truePos = sensitivity * prevalence;
      var falsePos = (1 - specificity) * (1 - prevalence);
      var trueNeg = specificity * (1 - prevalence);
      var falseNeg = (1 - sensitivity) * prevalence;
      var withCondition = halfUp(PEOPLE * prevalence);
      var tp = halfUp(withCondition * sensitivity);
      var without = PEOPLE - withCondition;
      var fp = halfUp(without * (1 - specificity));
      return { ppv: 100 * truePos / (truePos + falsePos), npv: 100 * trueNeg / (trueNeg + falseNeg),
        tp: tp, fn: withCondition - tp, fp: fp, tn: without - fp };
    },
    sentence: function (v, r) {
      var fixed = L().fixed, count = L().count;
      return "Of the " + count(r.tp + r.fp) + " people flagged, " + count(r.tp) + " have the condition (PPV " +
        fixed(r.ppv, 1) + "%). Of the " + count(r.fn + r.tn) + " people cleared, " + count(r.tn) +
        " do not have it (NPV " + fixed(r.npv, 1) + "%).";
    },
    table: function (v, r) {
      var fixed = L().fixed, count = L().count;
      return { caption: "1,000 people tested. Counts are whole people; PPV and NPV are worked out before rounding, as in the notebook.",
        head: ["", "Have the condition", "Do not have it", "Predictive value"],
        rows: [["Flagged", count(r.tp), count(r.fp), "PPV " + fixed(r.ppv, 1) + "%"],
          ["Cleared", count(r.fn), count(r.tn), "NPV " + fixed(r.npv, 1) + "%"]] };
    },
    figure: function (id, v, r) {
      return L().iconArray(id, "Icon array of 1,000 people: " + r.tp + " flagged who have the condition, " +
        r.fn + " missed, " + r.fp + " flagged who do not have it, " + r.tn + " rightly cleared.",
        [r.tp, r.fn, r.fp, r.tn]);
    }
  };
})();

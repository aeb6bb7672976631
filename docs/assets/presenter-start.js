/* Presenter mode (6 of 6): start-up. Wires the parts on a lesson or notebook page: the slide
   model (presenter-slides.js), window sync (presenter-sync.js), the timer and planned minutes
   (presenter-timer.js), then the presenter view (presenter-view.js) or, in a window opened at
   #speaker-N, the speaker view (presenter-speaker.js). mkdocs.yml loads them in that order,
   this one last.

   Presenter mode turns the page readers use into full-screen slides; the speaker view is a
   second window with the trainer notes, a clock and a timer, and the two keep in step. No
   third-party code, no network requests, no inline scripts or style attributes. */
(function () {
  "use strict";

  var P = window.CoursePresenter;
  if (!P || !P.readSlides || !P.createSync || !P.createTimer || !P.presenterView || !P.speakerView) return;
  var model = P.readSlides();
  if (!model) return;
  var plan = P.readPlan(model);
  var address = P.guardAddress();
  var sync = P.createSync(P.SPEAKER_HASH.test(location.hash) ? "speaker" : "presenter");
  var timer = P.createTimer();
  P.addTimings(model, plan);
  var ctx = { model: model, plan: plan, timer: timer, sync: sync, address: address };
  if (sync.role === "speaker") P.speakerView(ctx); else P.presenterView(ctx);
})();

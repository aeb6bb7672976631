/* Trainer view: a visible switch in the header that shows trainer notes, remembered in
   this browser only (localStorage); nothing is sent anywhere. */
(function () {
  "use strict";
  var KEY = "course.trainerView";
  var root = document.documentElement;

  function isOn() {
    try { return localStorage.getItem(KEY) === "on"; } catch (e) { return false; }
  }
  function apply(on) {
    root.setAttribute("data-trainer-view", on ? "on" : "off");
    document.querySelectorAll(".course-trainer-switch").forEach(function (button) {
      button.setAttribute("aria-pressed", on ? "true" : "false");
    });
  }
  function addSwitch() {
    var header = document.querySelector(".md-header__inner");
    if (!header || header.querySelector(".course-trainer-switch")) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "course-trainer-switch";
    button.textContent = "Trainer view";
    button.title = "Show or hide trainer notes and timings";
    button.addEventListener("click", function () {
      var on = !isOn();
      try { localStorage.setItem(KEY, on ? "on" : "off"); } catch (e) { /* private mode */ }
      apply(on);
    });
    var search = header.querySelector(".md-search");
    header.insertBefore(button, search || null);
  }
  addSwitch();
  apply(isOn());  /* after addSwitch, so the button starts with aria-pressed */

  // Print (print.css) writes a link's address after it, unless its text already is the address.
  document.querySelectorAll('.md-typeset a[href^="http"]').forEach(function (link) {
    var text = link.textContent.trim();
    if (text === link.getAttribute("href") || text === link.href) link.classList.add("course-url-shown");
  });
})();

/* Runs in <head>, before the page paints, so trainer notes never flash on or off. */
try {
  document.documentElement.setAttribute(
    "data-trainer-view", localStorage.getItem("course.trainerView") === "on" ? "on" : "off");
} catch (e) { /* storage blocked: notes stay hidden */ }

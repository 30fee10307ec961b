// Học Số: runs in <head>, before the page is drawn, so a reader who chose bigger text or
// high contrast never sees the page flash in the default look first. Kept tiny on purpose.
(function () {
  "use strict";
  var root = document.documentElement;
  try {
    var size = localStorage.getItem("hocso-text-size");
    if (size === "large" || size === "larger") root.classList.add("text-" + size);
    if (localStorage.getItem("hocso-contrast") === "high") root.classList.add("high-contrast");
  } catch (error) {
    // Storage blocked (private mode on some phones): the default look is fine.
  }
  root.classList.add("js");
})();

// The certificate page: a "print" button, shown only where scripts run (the browser's
// own Print command works without it).
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () {
    window.print();
  });
});

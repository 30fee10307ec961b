// Live preview for the studio's lesson editor: as the trainer types, the form is sent
// (with its CSRF token) to the preview endpoint, which renders the lesson exactly as
// learners get it and returns an HTML fragment. Without this script the "Xem trước"
// button does the same with a full page. Nothing is ever saved from here.
(function () {
  "use strict";
  var form = document.getElementById("lesson-form");
  if (!form || !window.fetch || !window.FormData) { return; }
  var target = document.getElementById(form.getAttribute("data-preview-target"));
  var url = form.getAttribute("data-preview-url");
  if (!target || !url) { return; }
  var status = document.getElementById("preview-status");
  var timer = null;
  var latest = 0;

  function refresh() {
    var asked = ++latest;
    var data = new FormData(form);
    data.delete("action");
    if (status) { status.textContent = status.getAttribute("data-updating") || ""; }
    fetch(url, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        // Only the newest answer counts; a slow older one never overwrites it.
        if (asked !== latest) { return; }
        if (html !== null) { target.innerHTML = html; }
        if (status) { status.textContent = ""; }
      })
      .catch(function () {
        // Offline or refused: the "Xem trước" button still works.
        if (status && asked === latest) { status.textContent = ""; }
      });
  }

  function soon() {
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(refresh, 600);
  }

  form.addEventListener("input", soon);
  form.addEventListener("change", soon);
}());

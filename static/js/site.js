// Học Số: small progressive enhancements. Every page works without this file.
"use strict";

// Step one of sign-up: picking a province moves on at once, no extra tap needed.
document.querySelectorAll("form[data-autosubmit] select").forEach(function (select) {
  select.addEventListener("change", function () {
    if (select.value) select.form.submit();
  });
});

// A form sent once stays sent: a second tap on a slow connection would only repeat it.
document.querySelectorAll("form[method=post]").forEach(function (form) {
  form.addEventListener("submit", function (event) {
    if (form.dataset.sent) {
      event.preventDefault();
      return;
    }
    form.dataset.sent = "1";
  });
});

// Coming back with the Back button restores the page from cache: let it be sent again.
window.addEventListener("pageshow", function (event) {
  if (event.persisted) {
    document.querySelectorAll("form[data-sent]").forEach(function (form) {
      delete form.dataset.sent;
    });
  }
});

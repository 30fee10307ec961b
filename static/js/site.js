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

// "Cỡ chữ và màu": three text sizes and high contrast, remembered on this device.
// js/prefs.js applies the same classes in <head> on every later page, before it is drawn.
(function () {
  var panel = document.querySelector("[data-display]");
  if (!panel) return;
  var root = document.documentElement;
  var sizes = ["normal", "large", "larger"];

  function remember(key, value) {
    try {
      if (value) localStorage.setItem(key, value);
      else localStorage.removeItem(key);
    } catch (error) {
      // Storage blocked: the choice still holds for this page.
    }
  }

  function show() {
    var size = sizes.filter(function (s) { return root.classList.contains("text-" + s); })[0];
    panel.querySelectorAll("[data-text-size]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.dataset.textSize === (size || "normal")));
    });
    panel.querySelector("[data-contrast]").setAttribute(
      "aria-pressed", String(root.classList.contains("high-contrast"))
    );
  }

  panel.querySelectorAll("[data-text-size]").forEach(function (button) {
    button.addEventListener("click", function () {
      var size = button.dataset.textSize;
      root.classList.remove("text-large", "text-larger");
      if (size !== "normal") root.classList.add("text-" + size);
      remember("hocso-text-size", size === "normal" ? null : size);
      show();
    });
  });
  panel.querySelector("[data-contrast]").addEventListener("click", function () {
    var high = root.classList.toggle("high-contrast");
    remember("hocso-contrast", high ? "high" : null);
    show();
  });
  show();
})();

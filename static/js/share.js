// Học Số: the "Chia sẻ" button on a lesson. Without this file the page shows the
// lesson's address in a field to copy by hand; with it, one button that opens the
// phone's share sheet (Zalo, Messenger…) where there is one, else copies the address.
"use strict";

(function () {
  var box = document.querySelector("[data-share]");
  if (!box) return;
  var button = box.querySelector("[data-share-button]");
  var field = box.querySelector("[data-share-field]");
  var label = box.querySelector("[data-share-label]");
  var status = box.querySelector("[data-share-status]");
  var url = button.getAttribute("data-url");

  function say(text) {
    status.textContent = text;
  }

  function copyByHand() {
    // Older browsers without the Clipboard API: select the field and copy.
    label.hidden = false;
    field.hidden = false;
    field.select();
    try {
      return document.execCommand("copy");
    } catch (error) {
      return false;
    }
  }

  function copy() {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(url).then(
        function () { say(box.getAttribute("data-msg-copied")); },
        function () { say(box.getAttribute(copyByHand() ? "data-msg-copied" : "data-msg-failed")); }
      );
    } else {
      say(box.getAttribute(copyByHand() ? "data-msg-copied" : "data-msg-failed"));
    }
  }

  button.hidden = false;
  field.hidden = true;
  label.hidden = true;
  button.addEventListener("click", function () {
    say("");
    if (navigator.share) {
      navigator.share({ title: button.getAttribute("data-title"), url: url }).catch(function (error) {
        // Closing the share sheet is a choice, not a failure; anything else: copy instead.
        if (!error || error.name !== "AbortError") copy();
      });
    } else {
      copy();
    }
  });
})();

// Học Số: "Nghe bài học" reads the lesson aloud with the phone's own Vietnamese voice,
// one sentence at a time, highlighting the sentence being read. The control is shown
// only when the device has a Vietnamese voice: another voice would mangle the words.
(function () {
  "use strict";
  var box = document.querySelector("[data-listen]");
  var synth = window.speechSynthesis;
  if (!box || !synth || !window.SpeechSynthesisUtterance) return;

  var buttons = {
    play: box.querySelector("[data-listen-play]"),
    pause: box.querySelector("[data-listen-pause]"),
    resume: box.querySelector("[data-listen-resume]"),
    stop: box.querySelector("[data-listen-stop]"),
  };
  var status = box.querySelector("[data-listen-status]");
  var lesson = document.querySelector("[data-listen-text]");
  var voice = null;
  var sentences = null;
  var index = 0;
  var state = "idle"; // idle | playing | paused
  var current = null;

  function vietnameseVoice() {
    var voices = synth.getVoices() || [];
    for (var i = 0; i < voices.length; i++) {
      if (/^vi(?:[-_]|$)/i.test(voices[i].lang || "")) return voices[i];
    }
    return null;
  }

  function offer() {
    voice = vietnameseVoice();
    box.hidden = !voice;
  }

  // The title, then the lesson's blocks in order; a list item holding paragraphs is read
  // through its paragraphs.
  function blocks() {
    var found = lesson.querySelectorAll(
      "h1, .lesson-body h2, .lesson-body h3, .lesson-body p, .lesson-body li"
    );
    return Array.prototype.filter.call(found, function (block) {
      return !block.querySelector("p, li") && block.textContent.trim();
    });
  }

  // Each sentence as its text and a DOM Range over it, so it can be highlighted in place
  // without rewriting the lesson's HTML.
  function split() {
    var list = [];
    blocks().forEach(function (block) {
      var walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
      var nodes = [];
      var text = "";
      for (var node = walker.nextNode(); node; node = walker.nextNode()) {
        nodes.push({ node: node, start: text.length });
        text += node.data;
      }
      var pattern = /[^.!?…]+[.!?…]*["”»)]*/g;
      var match;
      while ((match = pattern.exec(text))) {
        var lead = match[0].length - match[0].replace(/^\s+/, "").length;
        var spoken = match[0].trim();
        if (!/[0-9A-Za-zÀ-ỹ]/.test(spoken)) continue;
        var start = match.index + lead;
        list.push({ text: spoken, block: block, range: range(nodes, start, start + spoken.length) });
      }
    });
    return list;
  }

  function range(nodes, start, end) {
    var r = document.createRange();
    function place(offset, setter) {
      for (var i = nodes.length - 1; i >= 0; i--) {
        if (nodes[i].start <= offset) {
          var local = Math.min(offset - nodes[i].start, nodes[i].node.data.length);
          r[setter](nodes[i].node, local);
          return;
        }
      }
    }
    place(start, "setStart");
    place(end, "setEnd");
    return r;
  }

  var highlights = window.CSS && CSS.highlights && window.Highlight;
  var marked = null;

  function mark(sentence) {
    unmark();
    if (!sentence) return;
    if (highlights) CSS.highlights.set("reading", new Highlight(sentence.range));
    else sentence.block.classList.add("reading");
    marked = sentence;
    var rect = sentence.block.getBoundingClientRect();
    if (rect.top < 0 || rect.bottom > window.innerHeight) {
      sentence.block.scrollIntoView({ block: "center" });
    }
  }

  function unmark() {
    if (highlights) CSS.highlights.delete("reading");
    if (marked) marked.block.classList.remove("reading");
    marked = null;
  }

  function show(next) {
    var focused = box.contains(document.activeElement);
    state = next;
    buttons.play.hidden = state !== "idle";
    buttons.pause.hidden = state !== "playing";
    buttons.resume.hidden = state !== "paused";
    buttons.stop.hidden = state === "idle";
    // The button just pressed has gone: keep the focus on the one that replaced it.
    if (focused) ({ idle: buttons.play, playing: buttons.pause, paused: buttons.resume })[state].focus();
  }

  function say(text) {
    status.textContent = text;
  }

  function speak(i) {
    if (i >= sentences.length) {
      finish();
      say(box.dataset.msgDone);
      return;
    }
    index = i;
    var utterance = new SpeechSynthesisUtterance(sentences[i].text);
    utterance.lang = voice.lang || "vi-VN";
    utterance.voice = voice;
    utterance.rate = 0.9; // a little slower than the default: easier to follow
    utterance.onstart = function () {
      mark(sentences[i]);
    };
    utterance.onend = function () {
      if (current === utterance && state === "playing") speak(i + 1);
    };
    utterance.onerror = utterance.onend;
    current = utterance;
    synth.speak(utterance);
  }

  function finish() {
    current = null;
    synth.cancel();
    unmark();
    show("idle");
  }

  buttons.play.addEventListener("click", function () {
    sentences = split();
    show("playing");
    say("");
    speak(0);
  });
  // Pausing cancels and remembers the sentence: speechSynthesis.pause() does nothing on
  // many Android phones, while starting the sentence again works everywhere.
  buttons.pause.addEventListener("click", function () {
    current = null;
    show("paused");
    synth.cancel();
    say(box.dataset.msgPaused);
  });
  buttons.resume.addEventListener("click", function () {
    show("playing");
    say("");
    speak(index);
  });
  buttons.stop.addEventListener("click", function () {
    finish();
    say("");
  });
  window.addEventListener("pagehide", function () {
    if (state !== "idle") synth.cancel();
  });

  offer();
  if (synth.addEventListener) synth.addEventListener("voiceschanged", offer);
})();

// Học Số offline: registers the service worker, keeps lessons for offline reading, and
// keeps a quiz answered without a connection on the phone until it can be sent.
(function () {
  "use strict";
  var script = document.currentScript;
  var LESSON_PATH = /^\/bai\/[^/]+\/[^/]+$/;
  var OUTBOX = "hocso-outbox";
  // Who is signed in on this page ("" for nobody): answers kept offline belong to them
  // and are only ever sent while they are the one signed in (a shared family phone).
  var LEARNER = (script && script.dataset.learner) || "";
  var main = document.querySelector("main");
  // Texts in the reader's language, written into the page by the server (base.html).
  var messages = {};
  try {
    messages = JSON.parse((script && script.dataset.messages) || "{}");
  } catch (error) {
    messages = {};
  }
  function t(key, values) {
    return (messages[key] || key).replace(/%\((\w+)\)s/g, function (_, name) {
      return values && name in values ? values[name] : "";
    });
  }

  // A message at the top of the page; ``focus`` brings it into view (the learner just
  // pressed a button at the bottom and must see what happened).
  function notice(text, link, focus) {
    var box = document.querySelector("[data-offline-notice]");
    if (!box) {
      box = document.createElement("div");
      box.className = "notice";
      box.setAttribute("role", "status");
      box.setAttribute("data-offline-notice", "");
      main.insertBefore(box, main.firstChild);
    }
    box.textContent = text;
    if (link) {
      var a = document.createElement("a");
      a.href = link.href;
      a.textContent = link.text;
      box.appendChild(document.createTextNode(" "));
      box.appendChild(a);
    }
    if (focus) {
      box.tabIndex = -1;
      box.focus();
    }
  }

  // ---- The service worker: lessons opened here, and "Tải về để học khi mất mạng" ----

  function ask(message) {
    return navigator.serviceWorker.ready.then(function (registration) {
      return new Promise(function (resolve) {
        var channel = new MessageChannel();
        channel.port1.onmessage = function (event) { resolve(event.data); };
        registration.active.postMessage(message, [channel.port2]);
      });
    });
  }

  function listSaved() {
    var section = document.querySelector("[data-saved-lessons]");
    if (!section) return;
    ask({ type: "saved-lessons" }).then(function (lessons) {
      var list = section.querySelector("ul");
      lessons.forEach(function (lesson) {
        var item = document.createElement("li");
        var a = document.createElement("a");
        a.href = lesson.url;
        a.textContent = lesson.title || lesson.url;
        item.appendChild(a);
        list.appendChild(item);
      });
      section.hidden = lessons.length === 0;
    });
  }

  function offerKeeping() {
    document.querySelectorAll("[data-keep-lessons]").forEach(function (button) {
      var status = button.parentNode.querySelector("[data-keep-status]");
      button.addEventListener("click", function () {
        var paths = button.dataset.keepLessons.split(" ").filter(Boolean);
        status.textContent = t("saving");
        Promise.all(paths.map(function (path) {
          return ask({ type: "keep-lesson", path: path, force: true });
        })).then(function (results) {
          var kept = results.filter(function (r) { return r && r.ok; }).length;
          status.textContent = kept === paths.length
            ? (paths.length === 1
              ? t("saved_one")
              : t("saved_many", { count: kept }))
            : t("not_saved");
        });
      });
    });
  }

  if ("serviceWorker" in navigator && script && script.dataset.sw) {
    // After the page has loaded: the page itself comes first on a slow connection.
    window.addEventListener("load", function () {
      navigator.serviceWorker.register(script.dataset.sw).catch(function () {});
      if (LESSON_PATH.test(location.pathname)) {
        ask({ type: "keep-lesson", path: location.pathname, force: false });
      }
      listSaved();
    });
    offerKeeping();
  } else {
    // This browser cannot keep pages offline: do not offer it.
    document.querySelectorAll("[data-keep]").forEach(function (box) { box.hidden = true; });
  }

  // ---- A quiz answered offline: kept on the phone, sent once the connection is back ----

  function load() {
    try {
      return JSON.parse(localStorage.getItem(OUTBOX) || "[]");
    } catch (error) {
      return [];
    }
  }

  function store(entries) {
    if (entries.length) localStorage.setItem(OUTBOX, JSON.stringify(entries));
    else localStorage.removeItem(OUTBOX);
  }

  function keep(entry) {
    store(load().filter(function (e) { return e.url !== entry.url; }).concat([entry]));
  }

  function drop(url) {
    store(load().filter(function (e) { return e.url !== url; }));
  }

  // The same rule the server applies: every question needs an answer unless the learner
  // chose "Vẫn nộp bài". Checked here because the server cannot ask while offline.
  function unanswered(form) {
    var missing = [];
    form.querySelectorAll("fieldset.question").forEach(function (question, i) {
      var selects = question.querySelectorAll("select");
      var answered = selects.length
        ? Array.prototype.every.call(selects, function (s) { return s.value; })
        : question.querySelector("input:checked");
      if (!answered) missing.push(i + 1);
    });
    return missing;
  }

  var quiz = document.querySelector("form.quiz");
  if (quiz) {
    quiz.addEventListener("submit", function (event) {
      if (navigator.onLine) return;
      event.preventDefault();
      delete quiz.dataset.sent; // not sent: let a later tap save the answers again
      var data = new FormData(quiz, event.submitter || undefined);
      var missing = data.has("nop-thieu") ? [] : unanswered(quiz);
      if (missing.length) {
        notice(t("unanswered", { numbers: missing.join(", ") }), null, true);
        return;
      }
      var fields = [];
      data.forEach(function (value, name) {
        if (name !== "csrf_token") fields.push([name, value]);
      });
      keep({ url: location.pathname, fields: fields, savedAt: Date.now(), owner: LEARNER });
      notice(t("kept"), null, true);
    });
  }

  // Sending uses a fresh form token from the attempt page, never the saved one: the
  // saved token dies when the browser drops its session (phone restarted, browser closed)
  // or after WTF_CSRF_TIME_LIMIT. The server accepts each attempt once, so a resend after
  // a lost reply cannot count twice.
  function send(entry) {
    return fetch(entry.url, { credentials: "same-origin" }).then(function (page) {
      var path = new URL(page.url).pathname;
      if (/\/ket-qua$/.test(path)) return { done: true, result: path };
      if (path.indexOf("/dang-nhap") === 0) return { done: false, login: true };
      if (page.status === 404) return { done: true, lost: true };
      if (page.status === 409) return { done: true, late: true }; // past the deadline
      if (!page.ok) throw new Error("attempt page " + page.status);
      return page.text().then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var token = doc.querySelector("form.quiz input[name=csrf_token]");
        if (!token) throw new Error("no form token");
        var body = new URLSearchParams();
        entry.fields.forEach(function (field) { body.append(field[0], field[1]); });
        body.append("csrf_token", token.value);
        return fetch(entry.url, { method: "POST", body: body, credentials: "same-origin" });
      }).then(function (sent) {
        var sentPath = new URL(sent.url).pathname;
        if (sent.ok && /\/ket-qua$/.test(sentPath)) return { done: true, result: sentPath };
        if (sent.status === 409) return { done: true, result: entry.url + "/ket-qua" };
        if (sent.status === 422) return { done: true, incomplete: true };
        throw new Error("submit " + sent.status);
      });
    });
  }

  var flushing = false;

  function mine(entry) {
    return !entry.owner || entry.owner === LEARNER;
  }

  function flushAll() {
    var entries = load().filter(mine);
    return entries.reduce(function (chain, entry) {
      return chain.then(function () {
        return send(entry).then(function (outcome) {
          if (outcome.login) {
            notice(t("log_in_to_send"));
            return;
          }
          drop(entry.url);
          if (outcome.result) {
            notice(t("sent"), { href: outcome.result, text: t("see_result") });
          } else if (outcome.incomplete) {
            notice(t("incomplete"), { href: entry.url, text: t("continue") });
          } else if (outcome.late) {
            notice(t("too_late"));
          }
        });
      });
    }, Promise.resolve());
  }

  function flush() {
    if (flushing || !navigator.onLine) return;
    var waiting = load();
    if (!waiting.length) return;
    if (!LEARNER || !waiting.some(mine)) {
      // Someone else's answers wait on this phone: they go when that person signs in.
      if (!LEARNER) notice(t("log_in_to_send"));
      return;
    }
    flushing = true;
    // One tab at a time sends: two open tabs must not race each other.
    var run = navigator.locks ? navigator.locks.request(OUTBOX, flushAll) : flushAll();
    run.catch(function () {
      // Still no real connection (or the server is down): the answers stay on the phone.
    }).then(function () { flushing = false; });
  }

  window.addEventListener("online", flush);
  flush();
})();

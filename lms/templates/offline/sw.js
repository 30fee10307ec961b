// Học Số service worker. It keeps the app shell and the lessons this phone opened or
// saved, so they open without a connection. It keeps only copies fetched WITHOUT
// cookies: nothing a signed-in learner saw (name, progress, form tokens) is ever stored.
"use strict";

var VERSION = {{ version|tojson }};
var SHELL = "hocso-shell-" + VERSION;
var LESSONS = "hocso-lessons";
var SHELL_URLS = {{ shell|tojson }};
var ASSETS = {{ assets|tojson }};
var OFFLINE_PAGE = {{ offline_page|tojson }};
var LESSON_PATH = /^\/bai\/[^/]+\/[^/]+$/;
var HASHED = /\.[0-9a-f]{10}(\.[A-Za-z0-9]+)$/;
var DAY = 24 * 3600 * 1000;

// Without cookies: the server renders the page for nobody in particular. Pages are
// revalidated; hashed assets and pictures may come from the browser's HTTP cache.
function publicRequest(url, revalidate) {
  return new Request(url, { credentials: "omit", cache: revalidate ? "no-cache" : "default" });
}

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(SHELL).then(function (cache) {
      return Promise.all(SHELL_URLS.map(function (url) {
        return fetch(publicRequest(url, url === OFFLINE_PAGE)).then(function (response) {
          if (!response.ok) throw new Error("shell: " + url + " " + response.status);
          return cache.put(url, response);
        });
      }));
    }).then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (key) {
        return key.indexOf("hocso-shell-") === 0 && key !== SHELL;
      }).map(function (key) { return caches.delete(key); }));
    }).then(function () { return self.clients.claim(); })
  );
});

// A lesson saved under an older version names older hashed files: serve today's.
function currentAsset(path) {
  var name = path.replace(/^\/static\//, "").replace(HASHED, "$1");
  return ASSETS[name];
}

function offlineResponse(url) {
  var path = new URL(url).pathname;
  return caches.open(LESSONS).then(function (cache) {
    return LESSON_PATH.test(path) ? cache.match(path) : undefined;
  }).then(function (hit) {
    return hit || caches.match(OFFLINE_PAGE, { cacheName: SHELL });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    // Network first: a learner with a connection always gets the live page.
    event.respondWith(fetch(request).catch(function () { return offlineResponse(request.url); }));
    return;
  }
  if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(
      caches.match(url.pathname).then(function (hit) {
        if (hit) return hit;
        var current = currentAsset(url.pathname);
        return fetch(request).catch(function (error) {
          if (current) return caches.match(current);
          throw error;
        });
      })
    );
  }
});

// Keep a public copy of a lesson and its pictures. "opened" keeps at most one copy a
// day per lesson (data costs money); "download" always refreshes it.
function keepLesson(path, force) {
  return caches.open(LESSONS).then(function (cache) {
    return cache.match(path).then(function (hit) {
      var saved = hit && Number(hit.headers.get("X-Saved-At"));
      if (hit && !force && Date.now() - saved < DAY) return { ok: true, fresh: false };
      return fetch(publicRequest(path, true)).then(function (response) {
        if (!response.ok || response.redirected) return { ok: false };
        return response.text().then(function (html) {
          var pictures = [];
          html.replace(/<img[^>]+src="(\/static\/lessons\/[^"]+)"/g, function (_, src) {
            pictures.push(src);
          });
          var title = (html.match(/<h1>([^<]*)<\/h1>/) || [])[1] || path;
          var headers = new Headers(response.headers);
          // The body is kept decoded: the network's encoding and length no longer apply.
          headers.delete("Content-Encoding");
          headers.delete("Content-Length");
          headers.set("X-Saved-At", String(Date.now()));
          headers.set("X-Lesson-Title", encodeURIComponent(title));
          return Promise.all(pictures.map(function (src) {
            return cache.add(publicRequest(src, false)).catch(function () {});
          })).then(function () {
            return cache.put(path, new Response(html, { status: 200, headers: headers }));
          }).then(function () { return { ok: true, fresh: true }; });
        });
      });
    });
  }).catch(function () { return { ok: false }; });
}

function savedLessons() {
  return caches.open(LESSONS).then(function (cache) {
    return cache.keys().then(function (requests) {
      return Promise.all(requests.filter(function (request) {
        return LESSON_PATH.test(new URL(request.url).pathname);
      }).map(function (request) {
        return cache.match(request).then(function (response) {
          return {
            url: new URL(request.url).pathname,
            title: decodeURIComponent(response.headers.get("X-Lesson-Title") || ""),
          };
        });
      }));
    });
  });
}

self.addEventListener("message", function (event) {
  var data = event.data || {};
  var reply = event.ports && event.ports[0];
  var work;
  if (data.type === "keep-lesson" && LESSON_PATH.test(data.path || "")) {
    work = keepLesson(data.path, data.force === true);
  } else if (data.type === "saved-lessons") {
    work = savedLessons();
  } else {
    return;
  }
  event.waitUntil(work.then(function (result) { if (reply) reply.postMessage(result); }));
});

/* theodoi's service worker: the report forms open without signal.
 *
 * Only two things are handled; every other request goes to the network untouched:
 * - opening a report form (/tasks/<uid>/update/, /targets/<uid>/figure/): the network first,
 *   the copy kept from the last visit when there is no signal;
 * - the site's static files (/static/...): kept once fetched (their names carry their digest).
 * Nothing is sent from here: drafts are kept in IndexedDB by offline.js and sent by the page.
 */
"use strict";
var CACHE = "theodoi-forms-v1";
var FORM = /^\/(tasks\/[^/]+\/update|targets\/[^/]+\/figure)\/$/;

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k !== CACHE; }).map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

function keep(request, response) {
  if (response && response.ok && response.type === "basic") {
    var copy = response.clone();
    caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
  }
  return response;
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.mode === "navigate" && FORM.test(url.pathname)) {
    event.respondWith(fetch(request).then(function (response) { return keep(request, response); })
      .catch(function () {
        return caches.match(request).then(function (hit) {
          return hit || caches.match(url.pathname, {ignoreSearch: true});
        }).then(function (hit) {
          return hit || new Response("<!doctype html><meta charset=utf-8><title>theodoi</title>" +
            "<p>Không có mạng và máy chưa lưu trang này. Hãy mở trang một lần khi có mạng.</p>",
            {status: 503, headers: {"Content-Type": "text/html; charset=utf-8"}});
        });
      }));
    return;
  }
  if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(caches.match(request).then(function (hit) {
      return hit || fetch(request).then(function (response) { return keep(request, response); });
    }));
  }
});

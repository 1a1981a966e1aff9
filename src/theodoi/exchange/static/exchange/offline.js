/* Offline drafts of the report forms (no framework): a form marked data-offline-draft is kept on
 * the phone (IndexedDB) when it is sent without signal, and sent when the connection returns.
 *
 * The draft keeps every field as typed, files included, and the version the officer read: the
 * server's version check decides, exactly as for a form sent online. A draft the server did
 * not take (someone else saved meanwhile, or a value was refused) stays on the phone and is
 * filled back into the form when it is opened, with the server's message on the page.
 * Messages come from the form's data-msg-* attributes (translated by the server).
 */
(function () {
  "use strict";
  var DB = "theodoi-offline", STORE = "drafts";

  function db() {
    return new Promise(function (resolve, reject) {
      var req = indexedDB.open(DB, 1);
      req.onupgradeneeded = function () { req.result.createObjectStore(STORE, {keyPath: "key"}); };
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { reject(req.error); };
    });
  }
  function run(mode, work) {
    return db().then(function (d) {
      return new Promise(function (resolve, reject) {
        var t = d.transaction(STORE, mode), req = work(t.objectStore(STORE));
        t.oncomplete = function () { resolve(req ? req.result : undefined); };
        t.onerror = function () { reject(t.error); };
      });
    });
  }
  var drafts = {
    put: function (draft) { return run("readwrite", function (s) { return s.put(draft); }); },
    get: function (key) { return run("readonly", function (s) { return s.get(key); }); },
    remove: function (key) { return run("readwrite", function (s) { return s.delete(key); }); },
    all: function () { return run("readonly", function (s) { return s.getAll(); }); }
  };

  var form = document.querySelector("form[data-offline-draft]");
  var status = form ? form.querySelector("[data-offline-status]") : null;
  var key = location.pathname + location.search;

  function say(text, tone) {
    if (!status || !text) { return; }
    status.textContent = text;
    status.className = "notice " + (tone || "notice-info");
    status.hidden = false;
  }
  function message(name, fallback) { return (form && form.dataset[name]) || fallback; }

  function fieldsOf(theForm, submitter) {
    var out = [];
    new FormData(theForm).forEach(function (value, name) {
      if (value instanceof File && !value.name) { return; }
      out.push([name, value]);
    });
    if (submitter && submitter.name) { out.push([submitter.name, submitter.value || "1"]); }
    return out;
  }

  function send(draft) {
    var body = new FormData();
    draft.fields.forEach(function (pair) { body.append(pair[0], pair[1]); });
    return fetch(draft.url, {method: "POST", body: body, credentials: "same-origin", redirect: "follow"})
      .then(function (response) {
        var landed = new URL(response.url, location.href).pathname;
        if (response.ok && response.redirected && landed !== new URL(draft.url, location.href).pathname) {
          return drafts.remove(draft.key).then(function () { return "sent"; });
        }
        return response.text().then(function (html) {
          var page = new DOMParser().parseFromString(html, "text/html");
          var problem = page.querySelector("[role=alert], .notice-error, .errorlist");
          draft.problem = problem ? problem.textContent.trim().replace(/\s+/g, " ") : "";
          draft.state = "refused";
          return drafts.put(draft).then(function () { return "refused"; });
        });
      }, function () { return "offline"; });
  }

  function sendAll() {
    if (!navigator.onLine) { return Promise.resolve(); }
    return drafts.all().then(function (list) {
      return list.filter(function (d) { return d.state !== "refused"; }).reduce(function (chain, draft) {
        return chain.then(function () {
          return send(draft).then(function (outcome) {
            if (draft.key !== key) { return; }
            if (outcome === "sent") { say(message("msgSent", "Sent."), "notice-ok"); }
            if (outcome === "refused") { say(message("msgRefused", "Not taken.") + " " + draft.problem, "notice-warn"); }
          });
        });
      }, Promise.resolve());
    });
  }

  function restore(draft) {
    draft.fields.forEach(function (pair) {
      var name = pair[0], value = pair[1];
      if (name === "csrfmiddlewaretoken" || name === "version" || value instanceof File) { return; }
      var field = form.elements.namedItem(name);
      if (field && "value" in field && field.type !== "submit") { field.value = value; }
    });
  }

  if (form && "serviceWorker" in navigator && form.dataset.serviceWorker) {
    navigator.serviceWorker.register(form.dataset.serviceWorker, {scope: "/"}).catch(function () {});
  }
  if (form && navigator.onLine && "caches" in window) {
    // This page and its files, kept for opening the form without signal (the service worker
    // serves them from here; it was not yet in charge when this page first loaded).
    var files = [location.href];
    document.querySelectorAll("link[rel=stylesheet][href], script[src]").forEach(function (el) {
      files.push(el.href || el.src);
    });
    caches.open("theodoi-forms-v1").then(function (cache) { return cache.addAll(files); }).catch(function () {});
  }
  if (!("indexedDB" in window)) { return; }

  if (form) {
    form.addEventListener("submit", function (event) {
      if (navigator.onLine) { return; }
      event.preventDefault();
      var draft = {key: key, url: location.href, fields: fieldsOf(form, event.submitter), savedAt: Date.now(),
                   state: "waiting"};
      drafts.put(draft).then(function () { say(message("msgSaved", "Saved on this device."), "notice-warn"); });
    });
    drafts.get(key).then(function (draft) {
      if (!draft) { return; }
      if (draft.state === "refused") {
        restore(draft);
        say(message("msgRefused", "Not taken.") + " " + (draft.problem || ""), "notice-warn");
        form.addEventListener("submit", function () { drafts.remove(key); });
      } else {
        restore(draft);
        say(message("msgWaiting", "Waiting for signal."), "notice-warn");
      }
    });
  }
  window.addEventListener("online", sendAll);
  sendAll();
})();

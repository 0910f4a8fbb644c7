{% load static %}{% autoescape off %}// Cuida's service worker, served at {{ script_url }} by core.views.service_worker.
// It keeps the static shell (style sheets, scripts, icons) and the offline page, and nothing
// else: pages hold personal data and the API answers for one person, so both always come
// from the network, and a navigation that cannot reach it gets the offline page.
"use strict";

// A digest of the shell (core.pwa.shell_version): a deploy that changes a file changes this
// script, so the browser installs it and the new cache replaces the old one.
const CACHE = "cuida-shell-{{ version }}";
const SHELL = {{ shell }};
const OFFLINE = {{ offline_url }};
const ICON = "{% static 'icons/icon-192.png' %}";
{% endautoescape %}{% verbatim %}
const SHELL_PATHS = new Set(SHELL.map((url) => new URL(url, self.location.origin).pathname));

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      // "reload": straight from the server, never an older copy from the HTTP cache.
      .then((cache) => cache.addAll(SHELL.map((url) => new Request(url, { cache: "reload" }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name.startsWith("cuida-") && name !== CACHE)
            .map((name) => caches.delete(name)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(networkOrOfflinePage(event));
  } else if (SHELL_PATHS.has(url.pathname)) {
    // The network first (in production the browser's HTTP cache answers: the names are
    // hashed and WhiteNoise marks them immutable), the stored copy without it: so the
    // offline page is styled, and `make run` never shows a style sheet older than the file.
    event.respondWith(
      fetch(request).catch(() =>
        caches
          .open(CACHE)
          .then((cache) => cache.match(request, { ignoreVary: true }))
          .then((cached) => cached || Response.error()),
      ),
    );
  }
  // Anything else (HTMX fragments, the API, uploads) goes to the network untouched.
});

// Network first, and never stored: the page is the person's own.
async function networkOrOfflinePage(event) {
  try {
    const response = await fetch(event.request);
    event.waitUntil(followLanguage(response.headers.get("Content-Language")));
    return response;
  } catch (error) {
    const cache = await caches.open(CACHE);
    return (await cache.match(OFFLINE, { ignoreVary: true })) || Response.error();
  }
}

// The offline page speaks the language of the pages the person reads: when they switch
// language, the stored copy is replaced by one in the new language (its Content-Language
// says which it is, so nothing else needs remembering).
async function followLanguage(language) {
  if (!language) return;
  try {
    const cache = await caches.open(CACHE);
    const stored = await cache.match(OFFLINE, { ignoreVary: true });
    if (stored && stored.headers.get("Content-Language") === language) return;
    const fresh = await fetch(OFFLINE, { cache: "reload" });
    if (fresh.ok && fresh.headers.get("Content-Language") === language) {
      await cache.put(OFFLINE, fresh);
    }
  } catch (error) {
    // Offline again: the stored copy stays.
  }
}

// --- Web push (notifications/channels/push.py) ----------------------------------------------
// A push carries {title, body, url, tag} and nothing personal beyond what its person chose
// to receive; a private kind says only that there is news. The same tag replaces the older
// notification of that kind on the screen (the inbox in Cuida keeps both).
self.addEventListener("push", (event) => {
  let message = {};
  try {
    message = event.data ? event.data.json() : {};
  } catch (error) {
    message = {};
  }
  const options = {
    body: message.body || "",
    icon: ICON,
    badge: ICON,
    data: { url: message.url || "/notifications/" },
  };
  if (message.tag) {
    options.tag = message.tag;
    options.renotify = true;
  }
  event.waitUntil(self.registration.showNotification(message.title || "Cuida", options));
});

// A tap opens what the notification is about, in a Cuida window already open if there is
// one. Only ever a page of this site: the path is kept, the origin is always ours.
self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const data = event.notification.data || {};
  const given = new URL(data.url || "/", self.location.origin);
  const url = new URL(given.pathname + given.search + given.hash, self.location.origin).href;
  event.waitUntil(openOrFocus(url));
});

async function openOrFocus(url) {
  // Windows this worker controls: only those can be sent to another page.
  const windows = await self.clients.matchAll({ type: "window" });
  const same = windows.find((client) => client.url === url);
  if (same) return same.focus();
  if (windows.length) {
    const focused = await windows[0].focus();
    return focused.navigate(url);
  }
  return self.clients.openWindow(url);
}
{% endverbatim %}

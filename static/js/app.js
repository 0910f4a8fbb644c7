// Cuida's own behaviour, kept out of the pages so the Content-Security-Policy needs no inline
// script or handler. Loaded with `defer`: the document is parsed when this runs.
"use strict";

// The language switcher submits as soon as a language is chosen; without JavaScript, its
// <noscript> button does.
const languageSelect = document.getElementById("language-select");
if (languageSelect) {
  languageSelect.addEventListener("change", () => languageSelect.form.submit());
}

// Installable app: the service worker (core/pwa.py) keeps the static shell and an offline
// page, never a page or an API answer. Registered once the page has loaded, so it never
// competes with the page for the network.
const serviceWorker = document.querySelector('meta[name="service-worker"]');
if (serviceWorker && "serviceWorker" in navigator) {
  window.addEventListener("load", () => {
    navigator.serviceWorker.register(serviceWorker.content).catch(() => {
      // Without it Cuida works as any web site; only offline use is lost.
    });
  });
}

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

// The main menu is a <details>: folded behind its button on a phone, always open as a row of
// links from 60rem (the width app.css switches at). Opening it here, not only in CSS, keeps
// what assistive technology reads in step with what is shown.
const menu = document.getElementById("menu");
if (menu) {
  const wide = window.matchMedia("(min-width: 60rem)");
  const fit = () => {
    menu.open = wide.matches;
  };
  fit();
  wide.addEventListener("change", fit);
  // On a phone, Escape or a tap outside the open menu folds it again.
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && menu.open && !wide.matches) {
      menu.open = false;
      menu.querySelector("summary").focus();
    }
  });
  document.addEventListener("click", (event) => {
    if (menu.open && !wide.matches && !menu.contains(event.target)) {
      menu.open = false;
    }
  });
}

// On a phone a wide table scrolls sideways inside itself (app.css); one that does must also
// take keyboard focus, so it can be scrolled with the arrow keys (WCAG 2.1.1).
const focusWideTables = () => {
  for (const table of document.querySelectorAll(".table")) {
    if (table.closest(".table-scroll")) continue;
    if (table.scrollWidth > table.clientWidth) {
      table.tabIndex = 0;
    } else {
      table.removeAttribute("tabindex");
    }
  }
};
focusWideTables();
window.addEventListener("resize", focusWideTables);
document.addEventListener("htmx:afterSettle", focusWideTables);

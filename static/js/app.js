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

// Signing out turns web push off for this browser (notifications/api/push.py), so on a
// shared desk the next person never sees the last one's notifications. Whatever happens
// (no subscription, offline, a slow server), the sign-out goes ahead within two seconds.
const signOutForm = document.querySelector("form[data-push-unsubscribe]");
if (signOutForm && "serviceWorker" in navigator && "PushManager" in window) {
  const turnPushOff = async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    const subscription = registration && (await registration.pushManager.getSubscription());
    if (!subscription) return;
    const token = signOutForm.querySelector("[name=csrfmiddlewaretoken]").value;
    await fetch(signOutForm.dataset.pushUnsubscribe, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token },
      body: JSON.stringify({ endpoint: subscription.endpoint }),
    });
    await subscription.unsubscribe();
  };
  signOutForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const deadline = new Promise((done) => setTimeout(done, 2000));
    Promise.race([turnPushOff().catch(() => {}), deadline]).then(() => signOutForm.submit());
  });
}

// The main menu is a <details>: folded behind its button on a phone, always open as a row of
// links from 60rem (the width app.css switches at). Opening it here, not only in CSS, keeps
// what assistive technology reads in step with what is shown.
const menu = document.getElementById("menu");
if (menu) {
  const wide = window.matchMedia("(min-width: 60rem)");
  // The page starts folded; on a phone a tap made before this script arrived is left as it
  // is (tests/e2e/test_phone_menu.py). Only a wide screen opens it now, and a change of
  // width sets it again.
  if (wide.matches) {
    menu.open = true;
  }
  wide.addEventListener("change", () => {
    menu.open = wide.matches;
  });
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
// --- Safe clicks (issue 12, item 7) --------------------------------------------------------
// Irreversible buttons that do not have a server-side confirmation step (deleting a level,
// revoking a key, declining…) carry their question in the form's `data-confirm`. Without
// JavaScript the form simply submits, as before. Spending points, revoking a badge and
// reordering a live track confirm on the server instead (core/confirm.py).
document.addEventListener(
  "submit",
  (event) => {
    const form = event.target;
    if (form instanceof HTMLFormElement && form.dataset.confirm) {
      if (!window.confirm(form.dataset.confirm)) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    }
  },
  true,
);

// --- Kudos composer (issue 12, item 6) -----------------------------------------------------
// templates/recognition/give.html. The search field asks the server as one types (htmx);
// each result is a "recipients" checkbox, so the form works without this script too. Here a
// ticked result moves up among the chosen chips, an unticked chip goes away, and a polite
// live region says what happened; focus returns to the search field for the next name.
const recipientChips = document.getElementById("recipient-chips");
const recipientResults = document.getElementById("recipient-results");
const recipientSearch = document.getElementById("recipient-search");
const recipientAnnouncer = document.getElementById("recipient-announcer");
if (recipientChips && recipientResults && recipientSearch) {
  // The "Search" button is the no-JavaScript way to search (and the form's default button
  // then). Here the field searches as one types, so the button goes, and Enter in the other
  // fields sends the kudos again.
  const searchButton = document.getElementById("recipient-search-button");
  if (searchButton && window.htmx) {
    searchButton.remove();
  }
  const announce = (template, name) => {
    if (recipientAnnouncer && template) {
      recipientAnnouncer.textContent = template.replace("{name}", name);
    }
  };
  recipientSearch.addEventListener("keydown", (event) => {
    // Enter searches now instead of submitting the whole form.
    if (event.key === "Enter") {
      event.preventDefault();
      if (window.htmx) {
        window.htmx.trigger(recipientSearch, "search");
      }
    }
  });
  recipientResults.addEventListener("change", (event) => {
    const box = event.target;
    if (!(box instanceof HTMLInputElement) || !box.checked) {
      return;
    }
    recipientChips.appendChild(box.closest("label"));
    announce(recipientAnnouncer && recipientAnnouncer.dataset.added, box.dataset.recipientName);
    recipientSearch.value = "";
    recipientResults.replaceChildren();
    recipientSearch.focus();
  });
  recipientChips.addEventListener("change", (event) => {
    const box = event.target;
    if (!(box instanceof HTMLInputElement) || box.checked) {
      return;
    }
    box.closest("label").remove();
    announce(recipientAnnouncer && recipientAnnouncer.dataset.removed, box.dataset.recipientName);
    recipientSearch.focus();
  });
}

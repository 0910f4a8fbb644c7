// "Notifications on this device" (templates/notifications/partials/push_device.html): turns
// web push on or off for this browser. The service worker (/sw.js, core/pwa.py) shows what
// arrives; the server keeps the subscription (notifications/api/push.py) and sends through
// the browser's push service (notifications/channels/push.py).
"use strict";

(() => {
  const box = document.getElementById("push-device");
  if (!box) return;
  const states = box.querySelectorAll("[data-push-state]");
  const turnOn = box.querySelector('[data-push-action="on"]');
  const turnOff = box.querySelector('[data-push-action="off"]');
  const message = box.querySelector("[data-push-message]");

  const show = (state) => {
    for (const element of states) element.hidden = element.dataset.pushState !== state;
    turnOn.hidden = state !== "off";
    turnOff.hidden = state !== "on";
    box.hidden = false;
  };

  const supported =
    "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
  if (!supported) {
    show("unsupported");
    return;
  }

  // The VAPID public key as the browser takes it: bytes, from base64url.
  const keyBytes = (text) => {
    const base64 = (text + "=".repeat((4 - (text.length % 4)) % 4))
      .replace(/-/g, "+")
      .replace(/_/g, "/");
    return Uint8Array.from(atob(base64), (character) => character.charCodeAt(0));
  };

  const post = (url, body) =>
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": box.dataset.csrf },
      body: JSON.stringify(body),
    });

  // The same worker app.js registers (registering it again changes nothing).
  const registration = () =>
    navigator.serviceWorker
      .register(box.dataset.worker)
      .then(() => navigator.serviceWorker.ready);

  const busy = (yes) => {
    turnOn.disabled = yes;
    turnOff.disabled = yes;
    box.setAttribute("aria-busy", yes ? "true" : "false");
  };

  const fail = () => {
    message.textContent = box.dataset.failed;
  };

  turnOn.addEventListener("click", async () => {
    busy(true);
    message.textContent = "";
    try {
      const permission = await Notification.requestPermission();
      if (permission !== "granted") {
        show(permission === "denied" ? "blocked" : "off");
        return;
      }
      const worker = await registration();
      const subscription = await worker.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: keyBytes(box.dataset.key),
      });
      const response = await post(box.dataset.subscribeUrl, subscription.toJSON());
      if (!response.ok) {
        // The server cannot use it: leave the browser as it was, so the button means what
        // it says.
        await subscription.unsubscribe();
        fail();
        return;
      }
      show("on");
    } catch (error) {
      fail();
    } finally {
      busy(false);
    }
  });

  turnOff.addEventListener("click", async () => {
    busy(true);
    message.textContent = "";
    try {
      const worker = await registration();
      const subscription = await worker.pushManager.getSubscription();
      if (subscription) {
        const response = await post(box.dataset.unsubscribeUrl, {
          endpoint: subscription.endpoint,
        });
        // 404: the server had already forgotten this device; off is off.
        if (!response.ok && response.status !== 404) {
          fail();
          return;
        }
        await subscription.unsubscribe();
      }
      show("off");
    } catch (error) {
      fail();
    } finally {
      busy(false);
    }
  });

  // What this browser is now: blocked, on (a subscription exists), or off. An existing
  // subscription is sent again: the browser may have renewed its keys, the server may have
  // dropped it, and on a shared desk it now belongs to whoever is signed in here (the
  // server moves it), so nobody else's news shows on this screen.
  if (Notification.permission === "denied") {
    show("blocked");
    return;
  }
  navigator.serviceWorker
    .getRegistration(box.dataset.worker)
    .then((existing) => (existing ? existing.pushManager.getSubscription() : null))
    .then(async (subscription) => {
      if (!subscription) return show("off");
      const response = await post(box.dataset.subscribeUrl, subscription.toJSON());
      show(response.ok ? "on" : "off");
    })
    .catch(() => show("off"));
})();

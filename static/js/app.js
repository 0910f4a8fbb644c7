// Cuida's own behaviour, kept out of the pages so the Content-Security-Policy needs no inline
// script or handler. Loaded with `defer`: the document is parsed when this runs.
"use strict";

// The language switcher submits as soon as a language is chosen; without JavaScript, its
// <noscript> button does.
const languageSelect = document.getElementById("language-select");
if (languageSelect) {
  languageSelect.addEventListener("change", () => languageSelect.form.submit());
}

"""The Content-Security-Policy every response carries (``CONTENT_SECURITY_POLICY`` in
config/settings.py, django-csp).

On in every environment, so every test and every developer's browser meets the policy that
production sends. Every asset is self-hosted (vendored htmx, no CDN): scripts come from here
or carry the response's nonce ({{ request.csp_nonce }}), style sheets come from here, and no
page uses an inline handler or a style attribute (tests/unit/core/
test_content_security_policy.py checks every page). ``data:`` images: allauth's two-factor
QR code. Redoc's page alone allows inline styles and a blob worker (config/urls.py).
"""

from __future__ import annotations

from typing import Any

from csp.constants import NONCE, NONE, SELF

CONTENT_SECURITY_POLICY: dict[str, Any] = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        # The service worker (/sw.js) and the web app manifest come from here (core/pwa.py).
        "worker-src": [SELF],
        "manifest-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

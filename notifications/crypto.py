"""Secrets kept at rest encrypted (Fernet): outbound webhooks' signing secrets.

The key is ``settings.CUIDA_ENCRYPTION_KEY`` (a Fernet key, from the environment) when set;
otherwise one derived from ``SECRET_KEY`` with HKDF, so a database dump alone never reveals
a secret. Rotating ``SECRET_KEY`` without setting ``CUIDA_ENCRYPTION_KEY`` to the old derived
key makes the stored secrets unreadable: create the webhooks again.
"""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings


def _fernet() -> Fernet:
    configured = getattr(settings, "CUIDA_ENCRYPTION_KEY", "")
    if configured:
        return Fernet(configured.encode())
    derived = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"cuida.encryption-at-rest"
    ).derive(settings.SECRET_KEY.encode())
    return Fernet(base64.urlsafe_b64encode(derived))


def encrypt(plain: str) -> str:
    return _fernet().encrypt(plain.encode()).decode()


def decrypt(token: str) -> str:
    return _fernet().decrypt(token.encode()).decode()

"""Deployment checks (``manage.py check --deploy``) for what settings alone cannot show."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register


@register(Tags.translation, deploy=True)
def compiled_translations(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """The .mo files are built, not committed (`make messages`, part of `make release`):
    without them every page falls back to English."""
    missing = [
        po
        for locale in settings.LOCALE_PATHS
        for po in sorted(Path(locale).glob("*/LC_MESSAGES/*.po"))
        if not po.with_suffix(".mo").is_file()
    ]
    return [
        Warning(
            f"{po} is not compiled: pages in its language would be shown in English.",
            hint="Run `make messages` (or `make release`) before starting the server.",
            id="core.W001",
        )
        for po in missing
    ]

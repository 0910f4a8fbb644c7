"""Relative times, one way everywhere: "hace 2 minutos" / "2 minutes ago", and "ahora mismo"
/ "just now" under a minute (never "0 minutos"). Used as ``{% time_ago when %}`` (a <time>
element) or ``{{ when|ago }}`` (the phrase alone)."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.timesince import timesince
from django.utils.translation import gettext as _

register = template.Library()


def relative_time(value: dt.datetime, *, now: dt.datetime | None = None) -> str:
    """``value`` as a phrase relative to ``now``; a moment in the future (clocks a few
    seconds apart) reads as now."""
    now = now or timezone.now()
    if now - value < dt.timedelta(minutes=1):
        return _("just now")
    # depth=1: "2 hours", not "2 hours, 3 minutes"
    return _("%(ago)s ago") % {"ago": timesince(value, now, depth=1)}


@register.filter
def ago(value: dt.datetime | None) -> str:
    return relative_time(value) if value else ""


@register.simple_tag
def time_ago(value: dt.datetime) -> SafeString:
    """``<time datetime="…" title="full date">hace 2 minutos</time>``."""
    return format_html(
        '<time datetime="{}" title="{}">{}</time>',
        value.isoformat(),
        date_format(timezone.localtime(value), "DATETIME_FORMAT"),
        relative_time(value),
    )

"""Template helpers of the careers pages: safe Markdown."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from careers.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str | None) -> SafeString:
    return render_markdown(text or "")

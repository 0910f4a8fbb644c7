"""Template helpers of the careers pages: safe Markdown and the home page's career card."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from careers import selectors
from careers.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str | None) -> SafeString:
    return render_markdown(text or "")


@register.inclusion_tag("careers/partials/home_card.html")
def career_card(user: Any) -> dict[str, Any]:
    """The "Learning and career" card of templates/people/home.html: people.views.home
    stays unaware of careers, the card reads its own summary."""
    return {"summary": selectors.career_summary(agent=user)}

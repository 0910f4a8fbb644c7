"""Links in e-mails must be absolute: mail clients have no page to resolve a path against."""

from django import template

from core.addresses import public_url

register = template.Library()


@register.filter(name="public_url")
def public_url_filter(path: str) -> str:
    """``/kudos/3/`` → ``https://cuida.example.com/kudos/3/`` (empty stays empty)."""
    return public_url(path, request=None) if path else ""

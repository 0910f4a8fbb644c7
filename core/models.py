from __future__ import annotations

from typing import overload

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


def reader_language() -> str:
    """The active language as a column suffix: "es" or "en" (Spanish for anything else)."""
    language = (translation.get_language() or "es")[:2]
    return language if language in ("es", "en") else "es"


def localized_column(field: str) -> str:
    """The column holding ``field`` in the reader's language (``name_es``), to order by."""
    return f"{field}_{reader_language()}"


class Localized:
    """A read-only attribute giving a bilingual text in the reader's language.

    ``name = Localized()`` on a ``Bilingual`` model reads ``name_en``/``name_es`` through
    ``localized("name")``, so each bilingual model says which texts it has in one line each.
    """

    field = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.field = name

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> Localized: ...

    @overload
    def __get__(self, instance: Bilingual, owner: type | None = None) -> str: ...

    def __get__(self, instance: Bilingual | None, owner: type | None = None) -> Localized | str:
        if instance is None:
            return self
        return instance.localized(self.field)


class Bilingual(models.Model):
    """A record HR writes in both languages; ``localized`` picks the reader's.

    Spanish is the fallback: an English text left empty reads as the Spanish one.
    """

    class Meta:
        abstract = True

    def localized(self, field: str) -> str:
        own = getattr(self, f"{field}_{reader_language()}", "")
        return own or getattr(self, f"{field}_es", "") or getattr(self, f"{field}_en", "")


class BilingualTag(Bilingual):
    """A short label HR manage in both languages (check-in tags, company values)."""

    slug = models.SlugField(_("code"), max_length=40, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=80)
    name_es = models.CharField(_("name (Spanish)"), max_length=80)
    active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "slug"]

    name = Localized()

    def __str__(self) -> str:
        return self.name


class AuditEvent(models.Model):
    """One row per change a person would care about, written in the same transaction."""

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verb = models.CharField(_("verb"), max_length=64, db_index=True)
    target_type = models.CharField(_("target type"), max_length=64)
    target_id = models.CharField(_("target id"), max_length=64)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.verb} {self.target_type}:{self.target_id}"


class Heartbeat(models.Model):
    """Last time each background component (beat, worker) proved it was alive.

    ``/healthz`` reports its age so an operator sees a stopped worker before agents do.
    """

    source = models.CharField(_("source"), max_length=32, unique=True)
    beat_at = models.DateTimeField(_("last beat"))
    count = models.PositiveBigIntegerField(_("beats"), default=0)

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")

    def __str__(self) -> str:
        return f"{self.source} @ {self.beat_at:%Y-%m-%d %H:%M:%S}"

"""What the careers models share: text limits and the bilingual name of tracks, levels and paths."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import Bilingual, Localized

GOAL_MAX_LENGTH = 500
NOTE_MAX_LENGTH = 4000
MODULE_BODY_MAX_LENGTH = 20000


# The texts ``NamedBilingual`` adds, as services, forms and the API pass them on.
NAMED_BILINGUAL_FIELDS = ("name_en", "name_es", "description_en", "description_es")


class NamedBilingual(Bilingual):
    """A name and a description HR write in both languages (tracks, levels, paths)."""

    name_en = models.CharField(_("name (English)"), max_length=120)
    name_es = models.CharField(_("name (Spanish)"), max_length=120)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_es = models.TextField(_("description (Spanish)"), blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    name = Localized()
    description = Localized()

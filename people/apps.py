from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _grant_hr_permissions(sender: Any, **kwargs: Any) -> None:
    # Model permissions exist only after migrate creates them, app by app (post_migrate),
    # so the HR group is brought up to date after each app rather than in a migration.
    from people.services import ensure_hr_group_permissions

    ensure_hr_group_permissions()


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = _("People")

    def ready(self) -> None:
        post_migrate.connect(_grant_hr_permissions, dispatch_uid="people_grant_hr_permissions")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        # The admin app (listed before core) has imported every admin module by now.
        from django.contrib import admin

        from core import checks  # noqa: F401  (registers the deployment checks)
        from core.admin import guard_every_admin

        guard_every_admin(admin.site)

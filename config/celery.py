"""Celery application.

Settings live in ``config/settings.py`` under the ``CELERY_`` namespace. Without
``REDIS_URL`` tasks run eagerly (in-process, after commit) so the app works with
nothing installed; with it, a real broker, worker and beat do the work.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("cuida")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

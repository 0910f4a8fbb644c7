import re

from allauth.account.decorators import secure_admin_login
from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from careers.api_urls import urlpatterns as careers_api
from config.mail import webhook_urls
from core import views as core_views
from notifications.api_urls import urlpatterns as notifications_api
from people import api as people_api
from people import views as people_views
from people.permissions import PUBLIC, page_rule
from performance.api_urls import urlpatterns as performance_api
from recognition.api_urls import urlpatterns as recognition_api
from wellbeing.api_urls import urlpatterns as wellbeing_api

# The admin login goes through allauth so it shares its rate limits and MFA.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]
admin.site.site_header = "Cuida"
admin.site.site_title = "Cuida"

# Redoc (served from drf-spectacular-sidecar, no CDN) injects <style> elements from its
# script and builds its search worker from a blob: its page, and only it, allows both.
# Scripts stay as strict as everywhere else; Swagger UI needs no exception.
redoc_policy = csp_update({"style-src": [UNSAFE_INLINE], "worker-src": ["blob:"]})

public = page_rule(PUBLIC)

api_v1 = [
    path("me/", people_api.MeApi.as_view(), name="me"),
    path("teams/", people_api.TeamListApi.as_view(), name="team-list"),
    path("teams/<int:pk>/members/", people_api.TeamMembersApi.as_view(), name="team-members"),
    *wellbeing_api,
    *recognition_api,
    *performance_api,
    *careers_api,
    *notifications_api,
]

urlpatterns = [
    path("", people_views.home, name="home"),
    path("", include("people.urls")),
    path("wellbeing/", include("wellbeing.urls")),
    path("recognition/", include("recognition.urls")),
    path("openbadges/", include("recognition.openbadges_urls")),
    path("performance/", include("performance.urls")),
    path("careers/", include("careers.urls")),
    path("notifications/", include("notifications.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    # core sits below people, so its public views get their edge rule here, where they are
    # wired (tests/unit/test_declared_permissions.py).
    path("healthz", public(core_views.healthz), name="healthz"),
    # Installing on a phone (core/pwa.py): the service worker sits at the root so that its
    # scope is the whole site; the others follow it there.
    path("manifest.webmanifest", public(core_views.web_app_manifest), name="manifest"),
    path("sw.js", public(core_views.service_worker), name="service_worker"),
    path("offline/", public(core_views.offline), name="offline"),
    path("favicon.ico", public(core_views.favicon), name="favicon"),
    path("api/v1/", include((api_v1, "api"), namespace="api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path(
        "api/redoc/",
        redoc_policy(SpectacularRedocView.as_view(url_name="schema")),
        name="api-redoc",
    ),
    # The e-mail provider's bounce and complaint reports, when one is configured.
    *webhook_urls(settings.ANYMAIL_PROVIDER),
]

# Under /api/ even an unknown URL answers JSON in the API's error shape; pages get the
# project's own error pages (templates/404.html, 500.html), in development too (DEBUG is off
# by default there: config/settings.py).
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"

if not settings.IS_PRODUCTION:
    # Uploads (badge and reward images) in development, whatever DEBUG says; in production
    # the web server in front of gunicorn serves MEDIA_ROOT.
    from django.views.static import serve

    urlpatterns.append(
        re_path(
            rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    )

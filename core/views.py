import json

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    HttpResponseServerError,
    JsonResponse,
)
from django.template import loader
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core import pwa
from core.selectors import check_health


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    report = check_health()
    return JsonResponse(report, status=200 if report["ok"] else 503)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """``handler404``: under /api/ a URL that matches no route (``/kudos/true/``) answers in
    the API's one error shape (``core.api.exception_handler``); pages keep the 404 page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Not found."), "errors": {}}, status=404)
    return defaults.page_not_found(request, exception)


@require_GET
def web_app_manifest(request: HttpRequest) -> JsonResponse:
    """The manifest in the reader's language (base.html asks for it with credentials, so the
    language they chose applies, not only the browser's)."""
    response = JsonResponse(
        pwa.manifest(),
        content_type="application/manifest+json",
        json_dumps_params={"ensure_ascii": False},
    )
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    patch_cache_control(response, no_cache=True)
    return response


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker script, at the root so its scope is the whole site. ``no-cache``:
    the browser asks for it again on each visit, so a deploy reaches phones at once."""
    script = render_to_string(
        "core/service_worker.js",
        {
            "script_url": request.path,
            "version": pwa.shell_version(),
            "shell": json.dumps(pwa.shell_urls()),
            "offline_url": json.dumps(reverse("offline")),
        },
    )
    response = HttpResponse(script, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = reverse("home")
    patch_cache_control(response, no_cache=True, max_age=0)
    return response


@require_GET
def offline(request: HttpRequest) -> HttpResponse:
    """The page a phone shows when Cuida cannot be reached. Rendered without the request,
    so no context processor puts anything about who asked into a page that the service
    worker keeps; only the language (set by the middleware) follows the reader."""
    response = HttpResponse(render_to_string(pwa.OFFLINE_TEMPLATE))
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    patch_cache_control(response, no_cache=True)
    return response


@require_GET
def favicon(request: HttpRequest) -> HttpResponseRedirect:
    """``/favicon.ico``, which browsers ask for on their own (on a JSON answer, say)."""
    return HttpResponseRedirect(staticfiles_storage.url("icons/favicon.ico"))


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: rendered without the request's context processors, so it still shows
    when the database is what failed (they read counters from it). Under /api/ it answers
    in the API's error shape. It says the team knows only when someone is e-mailed the
    error (``ADMINS``)."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"detail": _("Something went wrong on our side. Please try again."), "errors": {}},
            status=500,
        )
    page = loader.get_template("500.html").render({"error_reported": bool(settings.ADMINS)})
    return HttpResponseServerError(page)

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

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

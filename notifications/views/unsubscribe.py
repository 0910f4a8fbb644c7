"""The page an e-mail's unsubscribe link opens, and where mail programs send RFC 8058's
one-click POST. No sign-in (the signed token is the proof), no CSRF token (the mail
program has none): a GET only asks, since mail scanners open every link they see; a POST
switches the kind's e-mail off."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from core.pages import submit
from notifications import selectors
from notifications.emails import language_of
from notifications.forms import UnsubscribeForm
from notifications.services.unsubscribe import unsubscribe as unsubscribe_service
from people.permissions import PUBLIC, page_rule

TEMPLATE = "notifications/unsubscribe.html"


@csrf_exempt
@require_http_methods(["GET", "POST"])
@page_rule(PUBLIC)
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    target = selectors.unsubscribe_target(token=token)
    if target is None:
        return render(request, TEMPLATE, {"invalid": True}, status=400)
    form = UnsubscribeForm(request.POST if request.method == "POST" else None)
    status, done = 200, not target.enabled
    # In the language of the person the e-mail was for, whoever's browser opens it.
    with translation.override(language_of(target.user)):
        if request.method == "POST":
            submission = submit(
                form,
                lambda data: unsubscribe_service(
                    user_id=target.user.pk, kind=target.kind.name, channel=target.channel
                ),
            )
            status, done = submission.status, submission.ok or done
        context = {"target": target, "form": form, "done": done}
        return render(request, TEMPLATE, context, status=status)

"""HR's page to tell everyone something: a text in English and in Spanish, an optional link
to a page of Cuida."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import ngettext

from core.pages import submit
from notifications.forms import AnnouncementForm
from notifications.services.announcements import send_company_announcement
from people.http import AuthedRequest
from people.permissions import HR, page_rule


@page_rule(HR)
def announcements(request: AuthedRequest) -> HttpResponse:
    form = AnnouncementForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        submission = submit(
            form,
            lambda data: send_company_announcement(
                actor=request.user,
                message_en=data["message_en"],
                message_es=data["message_es"],
                url=data["url"],
            ),
        )
        if submission.result is not None:
            reached = submission.result
            messages.success(
                request,
                ngettext(
                    "Announcement sent to %(count)s person.",
                    "Announcement sent to %(count)s people.",
                    reached,
                )
                % {"count": reached},
            )
            return redirect("notifications:announcements")
        status = submission.status
    return render(request, "notifications/announcements.html", {"form": form}, status=status)

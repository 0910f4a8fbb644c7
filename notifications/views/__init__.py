from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from notifications import selectors, services
from people.http import AuthedRequest
from people.permissions import SIGNED_IN, page_rule


@page_rule(SIGNED_IN)
def notification_list(request: AuthedRequest) -> HttpResponse:
    page = Paginator(selectors.notifications_for(user=request.user), 25).get_page(
        request.GET.get("page")
    )
    return render(request, "notifications/list.html", {"page": page})


@page_rule(SIGNED_IN)
@require_POST
def mark_all_read(request: AuthedRequest) -> HttpResponse:
    services.mark_all_read(user=request.user)
    return redirect("notifications:list")

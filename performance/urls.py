from django.http import HttpResponse
from django.urls import path

app_name = "performance"


def _todo(request, *args, **kwargs):  # type: ignore[no-untyped-def]
    return HttpResponse("")


urlpatterns = [
    path("feedback/", _todo, name="inbox"),
]

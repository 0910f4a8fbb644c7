from django.http import HttpResponse
from django.urls import path

app_name = "recognition"


def _todo(request, *args, **kwargs):  # type: ignore[no-untyped-def]
    return HttpResponse("")


urlpatterns = [
    path("kudos/<int:pk>/", _todo, name="kudos_detail"),
    path("rewards/requests/", _todo, name="my_redemptions"),
    path("approvals/", _todo, name="approvals"),
    path("badges/", _todo, name="my_badges"),
]

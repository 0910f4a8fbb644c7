"""HR's CSV import page and its error report.

The import runs inside the POST (a file is at most 5 MB); HTMX shows a progress indicator
meanwhile and swaps in the result. The error report is not stored: the result carries
the rejected rows in a signed token, and ``csv_import_errors`` turns it into a CSV.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

from core.pages import refusals_return_to, submit
from people.http import AuthedRequest
from people.permissions import HR, page_rule
from performance.models import Integration
from performance.services import csv_import as csv_services

# Past this length the token goes in a POST body instead of the link: request lines
# longer than a few KB are refused by common servers (gunicorn's limit is 4094 bytes).
MAX_LINK_TOKEN = 1800
SHOWN_ERRORS = 20
ONLY_HR = gettext_lazy("Only HR can import events.")


class CsvImportForm(forms.Form):
    integration = forms.ModelChoiceField(
        label=gettext_lazy("Integration"),
        queryset=Integration.objects.filter(active=True),
        help_text=gettext_lazy("The tool these events come from."),
    )
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy("UTF-8, at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > csv_services.MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB.")
                % {"size": csv_services.MAX_BYTES // (1024 * 1024)}
            )
        return upload


@require_http_methods(["GET", "POST"])
@page_rule(HR, message=ONLY_HR)
@vary_on_headers("HX-Request")  # one URL, two bodies: caches must tell them apart
def csv_import(request: AuthedRequest) -> HttpResponse:
    """The upload form; a POST imports the file and shows the counts. A file refused as a
    whole (size, encoding, header) is explained above the form, its reasons on the field."""
    form = CsvImportForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"result": None}
    if request.method == "POST":
        submission = submit(
            form,
            lambda data: csv_services.import_events_csv(
                actor=request.user,
                integration=data["integration"],
                data=b"".join(data["file"].chunks()),
                filename=data["file"].name or "",
            ),
        )
        if submission.result is not None:
            result = submission.result
            upload, integration = form.cleaned_data["file"], form.cleaned_data["integration"]
            token = csv_services.error_report_token(result.errors) if result.errors else ""
            context.update(
                result=result,
                integration=integration,
                filename=upload.name,
                shown_errors=result.errors[:SHOWN_ERRORS],
                report_token=token,
                report_as_link=len(token) <= MAX_LINK_TOKEN,
                max_reported=csv_services.MAX_REPORTED_ERRORS,
            )
            form = CsvImportForm(initial={"integration": integration})
    context["form"] = form
    context["has_integrations"] = Integration.objects.filter(active=True).exists()
    if request.htmx:
        return render(request, "performance/partials/csv_import_panel.html", context)
    context["columns"] = csv_services.FIELD_COLUMNS
    return render(request, "performance/csv_import.html", context)


@require_http_methods(["GET", "POST"])
@page_rule(HR, message=ONLY_HR)
@refusals_return_to("performance:csv_import")
def csv_import_errors(request: AuthedRequest) -> HttpResponse:
    """The rejected rows of an import as CSV, read back from the signed token (a forged or
    expired one is refused with 400)."""
    source = request.POST if request.method == "POST" else request.GET
    errors = csv_services.read_error_report_token(source.get("token", ""))
    response = HttpResponse(
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="import-errors.csv"'},
    )
    response.write("\ufeff")  # lets spreadsheet programs detect UTF-8
    csv_services.write_error_report(errors, response)
    return response

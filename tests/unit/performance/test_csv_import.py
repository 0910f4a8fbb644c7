import csv
import html
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import AuditEvent
from performance.csv_views import MAX_LINK_TOKEN
from performance.models import AgentMapping, IngestionBatch, Integration, PerformanceEvent
from performance.services import csv_import

pytestmark = pytest.mark.django_db

URL = reverse("performance:csv_import")
ERRORS_URL = reverse("performance:csv_import_errors")
HEADER = "external_id,email,agent_external_id,type,occurred_at,text,metric_score,metric_aht_s"


@pytest.fixture
def integration():
    return Integration.objects.create(name="QA tool")


@pytest.fixture
def hr_client(client, hr_admin):
    client.force_login(hr_admin)
    return client


def _upload(client, integration, content, *, name="events.csv", htmx=False):
    data = content.encode() if isinstance(content, str) else content
    upload = SimpleUploadedFile(name, data, content_type="text/csv")
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(URL, {"integration": integration.pk, "file": upload}, headers=headers)


def _csv(*rows):
    return "\n".join([HEADER, *rows]) + "\n"


def _report_rows(response):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_hr_imports_a_file_and_each_row_becomes_an_event(hr_client, integration, agent, teammate):
    # given a file with an e-mail row, a mapped-agent row and a compliment with text
    AgentMapping.objects.create(integration=integration, external_agent_id="A-7", user=teammate)
    content = _csv(
        f"qa-1,{agent.email},,qa_review,2025-03-14T10:30:00-06:00,,92,",
        "qa-2,,A-7,qa_review,2025-03-14T11:00:00-06:00,,88.5,",
        f"c-1,{agent.email.upper()},,customer_compliment,2025-03-14T12:00:00Z,"
        '"¡Gracias, de verdad!",,',
    )

    # when
    response = _upload(hr_client, integration, content)

    # then
    assert response.status_code == 200
    result = response.context["result"]
    assert (result.rows, result.accepted, result.duplicates, result.rejected) == (3, 3, 0, 0)
    assert result.errors == []
    events = {e.external_id: e for e in PerformanceEvent.objects.filter(integration=integration)}
    assert events["qa-1"].agent == agent
    assert events["qa-1"].metrics == {"score": 92}
    assert events["qa-2"].agent == teammate
    assert events["qa-2"].metrics == {"score": 88.5}
    assert events["c-1"].metrics == {}
    assert events["c-1"].text == "¡Gracias, de verdad!"
    audit = AuditEvent.objects.get(verb="events.csv_imported")
    assert audit.data["accepted"] == 3
    assert audit.target_id == str(integration.pk)
    assert 'id="import-accepted">3<' in response.content.decode()


def test_the_page_uses_htmx_with_a_progress_indicator(hr_client, integration):
    response = hr_client.get(URL)

    page = response.content.decode()
    assert response.status_code == 200
    assert 'hx-post="' + URL + '"' in page
    assert 'hx-encoding="multipart/form-data"' in page
    assert "htmx-indicator" in page
    assert "<progress" in page
    assert 'enctype="multipart/form-data"' in page  # works without JavaScript too


def test_htmx_upload_answers_only_the_panel(hr_client, integration, agent):
    content = _csv(f"qa-1,{agent.email},,qa_review,2025-03-14T10:30:00-06:00,,92,")

    response = _upload(hr_client, integration, content, htmx=True)

    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page
    assert 'id="csv-import"' in page
    assert 'id="import-accepted">1<' in page


def test_mixed_rows_store_the_good_ones_and_the_report_lists_the_bad_ones(
    hr_client, integration, agent
):
    # given one good row and three bad ones
    content = _csv(
        f"ok-1,{agent.email},,qa_review,2025-03-14T10:30:00-06:00,,92,",
        f"bad-type,{agent.email},,coffee_break,2025-03-14T10:30:00-06:00,,,",
        f"bad-date,{agent.email},,qa_review,yesterday,,90,",
        f"=cmd,{agent.email},,qa_review,2025-03-14T10:30:00,,90,",
    )

    # when
    response = _upload(hr_client, integration, content)

    # then the good row is stored and the bad ones are listed
    result = response.context["result"]
    assert (result.accepted, result.rejected) == (1, 3)
    assert list(PerformanceEvent.objects.values_list("external_id", flat=True)) == ["ok-1"]
    href = re.search(r'id="error-report-link" href="([^"]+)"', response.content.decode())
    assert href is not None

    # when HR downloads the error report
    report = hr_client.get(html.unescape(href.group(1)))

    # then
    assert report.status_code == 200
    assert report["Content-Type"].startswith("text/csv")
    assert "attachment" in report["Content-Disposition"]
    rows = _report_rows(report)
    assert rows[0][1:2] == ["external_id"]
    assert [(r[0], r[1], r[2]) for r in rows[1:]] == [
        ("3", "bad-type", "type"),
        ("4", "bad-date", "occurred_at"),
        ("5", "'=cmd", "occurred_at"),  # defused: a spreadsheet must not run it
    ]


def test_a_metric_that_is_not_a_number_rejects_its_row(hr_client, integration, agent):
    content = _csv(
        f"qa-1,{agent.email},,qa_review,2025-03-14T10:30:00-06:00,,ninety,",
        f"qa-2,{agent.email},,qa_review,2025-03-14T10:30:00-06:00,,90,4:30",
        f"qa-3,{agent.email},,qa_review,2025-03-14T10:30:00-06:00,,nan,",
        f"qa-4,{agent.email},,qa_review,2025-03-14T10:30:00-06:00,,1e2,",
    )

    response = _upload(hr_client, integration, content)

    result = response.context["result"]
    assert (result.rows, result.accepted, result.rejected) == (4, 1, 3)
    assert [(e.row, e.external_id, e.field) for e in result.errors] == [
        (2, "qa-1", "metric_score"),
        (3, "qa-2", "metric_aht_s"),
        (4, "qa-3", "metric_score"),
    ]
    assert "ninety" in result.errors[0].message
    assert PerformanceEvent.objects.get().metrics == {"score": 100.0}


def test_an_unknown_agent_rejects_its_row(hr_client, integration, agent):
    content = _csv(
        "qa-1,nobody@example.test,,qa_review,2025-03-14T10:30:00-06:00,,92,",
        "qa-2,,unmapped-id,qa_review,2025-03-14T10:30:00-06:00,,92,",
        f"qa-3,{agent.email},A-1,qa_review,2025-03-14T10:30:00-06:00,,92,",
    )

    response = _upload(hr_client, integration, content)

    result = response.context["result"]
    assert (result.accepted, result.rejected) == (0, 3)
    assert [(e.row, e.field) for e in result.errors] == [(2, "agent"), (3, "agent"), (4, "agent")]
    assert not PerformanceEvent.objects.exists()


def test_rows_about_the_importer_are_rejected(hr_client, hr_admin, integration, agent):
    # given a file with a row about the HR person importing it, by e-mail and by the id
    # another person in HR mapped to them, between two rows about an agent
    AgentMapping.objects.create(integration=integration, external_agent_id="HR-1", user=hr_admin)
    content = _csv(
        f"qa-1,{agent.email},,qa_review,2025-03-14T10:30:00-06:00,,92,",
        f"qa-2,{hr_admin.email.upper()},,qa_review,2025-03-14T10:30:00-06:00,,99,",
        "qa-3,,HR-1,qa_review,2025-03-14T10:30:00-06:00,,99,",
        f"qa-4,{agent.email},,qa_review,2025-03-14T11:30:00-06:00,,90,",
    )

    # when
    response = _upload(hr_client, integration, content)

    # then
    result = response.context["result"]
    assert (result.rows, result.accepted, result.rejected) == (4, 2, 2)
    assert [(e.row, e.external_id, e.field) for e in result.errors] == [
        (3, "qa-2", "agent"),
        (4, "qa-3", "agent"),
    ]
    assert "Nobody imports events about themselves" in result.errors[0].message
    assert set(PerformanceEvent.objects.values_list("external_id", "agent")) == {
        ("qa-1", agent.pk),
        ("qa-4", agent.pk),
    }


@pytest.mark.parametrize(
    "header",
    [
        "external_id,email,type,text",  # no occurred_at
        "external_id,type,occurred_at",  # nobody to attribute the event to
        "external_id,email,type,occurred_at,score",  # metric without the prefix
        "external_id,email,type,occurred_at,metric_",  # metric without a name
        "external_id,email,email,type,occurred_at",
        "",
    ],
)
def test_a_wrong_header_is_a_form_error_and_writes_nothing(hr_client, integration, agent, header):
    content = f"{header}\nqa-1,{agent.email},qa_review,2025-03-14T10:30:00Z,1\n"

    response = _upload(hr_client, integration, content)

    assert response.status_code == 200
    assert response.context["result"] is None
    assert response.context["form"].errors["file"]
    assert not PerformanceEvent.objects.exists()
    assert not IngestionBatch.objects.exists()
    assert not AuditEvent.objects.filter(verb="events.csv_imported").exists()


def test_a_header_without_rows_is_a_form_error(hr_client, integration):
    response = _upload(hr_client, integration, HEADER + "\n\n")

    assert response.context["form"].errors["file"]
    assert not IngestionBatch.objects.exists()


def test_a_file_that_is_not_utf8_is_a_form_error(hr_client, integration, agent):
    content = _csv(f"c-1,{agent.email},,customer_compliment,2025-03-14T10:30:00Z,Muñoz,,")

    response = _upload(hr_client, integration, content.encode("latin-1"))

    assert "UTF-8" in " ".join(response.context["form"].errors["file"])
    assert not PerformanceEvent.objects.exists()


def test_a_file_over_5_mb_is_a_form_error(hr_client, integration, agent):
    row = f"qa-1,{agent.email},,qa_review,2025-03-14T10:30:00Z,,92,\n"
    content = HEADER + "\n" + row * (csv_import.MAX_BYTES // len(row) + 1)

    response = _upload(hr_client, integration, content)

    assert response.context["form"].errors["file"]
    assert not PerformanceEvent.objects.exists()
    assert not IngestionBatch.objects.exists()


def test_excel_style_semicolons_and_a_byte_order_mark_are_understood(hr_client, integration, agent):
    content = "\ufeff" + _csv(
        f"qa-1,{agent.email},,qa_review,2025-03-14T10:30:00-06:00,,92,"
    ).replace(",", ";")

    response = _upload(hr_client, integration, content)

    assert response.context["result"].accepted == 1
    assert PerformanceEvent.objects.get().metrics == {"score": 92}


def test_uploading_the_same_file_again_answers_the_same_counts_and_stores_nothing(
    hr_client, integration, agent
):
    # given a file that has already been imported
    content = _csv(
        f"qa-1,{agent.email},,qa_review,2025-03-14T10:30:00-06:00,,92,",
        "qa-2,nobody@example.test,,qa_review,2025-03-14T10:30:00-06:00,,92,",
        f"qa-3,{agent.email},,qa_review,2025-03-14T10:30:00-06:00,,many,",
    )
    first = _upload(hr_client, integration, content).context["result"]

    # when
    second = _upload(hr_client, integration, content).context["result"]

    # then
    counts = (first.rows, first.accepted, first.duplicates, first.rejected)
    assert counts == (3, 1, 0, 2)
    assert (second.rows, second.accepted, second.duplicates, second.rejected) == counts
    assert second.errors == first.errors
    assert PerformanceEvent.objects.count() == 1


def test_rows_already_sent_in_another_file_are_counted_as_duplicates(hr_client, integration, agent):
    row = f"qa-1,{agent.email},,qa_review,2025-03-14T10:30:00-06:00,,92,"
    _upload(hr_client, integration, _csv(row))

    result = _upload(
        hr_client, integration, _csv(row, f"qa-2,{agent.email},,adherence,2025-03-14T18:00Z,,,")
    ).context["result"]

    assert (result.accepted, result.duplicates, result.rejected) == (1, 1, 0)
    assert PerformanceEvent.objects.count() == 2


def test_files_larger_than_a_batch_go_in_several_chunks(hr_client, integration, agent, settings):
    settings.EVENTS_MAX_BATCH = 3
    rows = [f"adh-{n},{agent.email},,adherence,2025-03-14T18:00Z,,,{n}" for n in range(7)]
    rows.insert(4, "bad,nobody@example.test,,adherence,2025-03-14T18:00Z,,,")

    result = _upload(hr_client, integration, _csv(*rows)).context["result"]

    assert (result.rows, result.accepted, result.rejected) == (8, 7, 1)
    assert [(e.row, e.external_id) for e in result.errors] == [(6, "bad")]
    assert IngestionBatch.objects.count() == 3


def test_a_long_error_report_is_downloaded_with_a_post(hr_client, integration):
    # given so many bad rows that the token would not fit in a link
    rows = [f"x-{n:04d},n{n}@example.test,,qa_review,2025-03-14T10:30:00Z,,," for n in range(400)]
    response = _upload(hr_client, integration, _csv(*rows))
    token = response.context["report_token"]
    assert len(token) > MAX_LINK_TOKEN
    assert 'id="error-report-form"' in response.content.decode()

    # when
    report = hr_client.post(ERRORS_URL, {"token": token})

    # then
    rows = _report_rows(report)
    assert len(rows) == 401
    assert rows[1][:3] == ["2", "x-0000", "agent"]


def test_a_forged_error_report_token_is_refused(hr_client):
    token = csv_import.error_report_token([csv_import.RowError(2, "x", "agent", "Unknown.")])

    response = hr_client.get(ERRORS_URL, {"token": token[:-2] + "xx"})

    assert response.status_code == 400


@pytest.mark.parametrize("persona", ["agent", "team_lead", "other_team_lead"])
def test_only_hr_may_import_or_download_reports(client, integration, persona, request):
    # given someone who is not HR
    client.force_login(request.getfixturevalue(persona))
    token = csv_import.error_report_token([csv_import.RowError(2, "x", "agent", "Unknown.")])

    # when
    page = client.get(URL)
    upload = _upload(client, integration, _csv("qa-1,a@example.test,,qa_review,2025-03-14Z,,,"))
    report = client.get(ERRORS_URL, {"token": token})

    # then
    assert (page.status_code, upload.status_code, report.status_code) == (403, 403, 403)
    assert not IngestionBatch.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert "login" in response["Location"]

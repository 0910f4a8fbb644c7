"""HR's CSV import: each row becomes one event for the ingestion service.

The file is checked as a whole first (size, encoding, header); a file that fails those
checks writes nothing. Rows are then sent through ``ingest_events`` in chunks, so they get
the API's per-event answers and its guarantees: a re-uploaded file stores nothing twice and
is answered with the same counts (each chunk's body is stable, see ``_chunk_body``).
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core import signing
from django.utils.translation import gettext as _

from core.exceptions import DomainError
from core.services import record_audit_event
from people.models import User
from people.permissions import require_hr
from performance.models import AgentMapping, Integration
from performance.services.ingestion import ingest_events

MAX_BYTES = 5 * 1024 * 1024
METRIC_PREFIX = "metric_"
FIELD_COLUMNS = (
    "external_id",
    "email",
    "agent_external_id",
    "type",
    "occurred_at",
    "text",
    "excluded",
    "exclusion_reason",
)
# What a spreadsheet writes in the "excluded" column (lower-cased); an empty cell is "no".
TRUE_CELLS = frozenset({"true", "1", "yes", "y", "sí", "si", "x", "verdadero"})
FALSE_CELLS = frozenset({"false", "0", "no", "n", "falso"})
REQUIRED_COLUMNS = ("external_id", "type", "occurred_at")
DELIMITERS = (",", ";", "\t")
# The error report travels in a signed token, not in the database; past this many lines
# the token would be too heavy to carry around.
MAX_REPORTED_ERRORS = 5000
REPORT_SALT = "performance.csv_import.errors"
REPORT_MAX_AGE = 24 * 3600


@dataclass(frozen=True)
class RowError:
    row: int  # as a spreadsheet numbers it: the header is row 1
    external_id: str
    field: str
    message: str


@dataclass
class ParsedCsv:
    rows: int = 0
    events: list[dict[str, Any]] = field(default_factory=list)
    event_rows: list[int] = field(default_factory=list)  # row number of each event
    errors: list[RowError] = field(default_factory=list)
    rejected_rows: int = 0


@dataclass
class CsvImportResult:
    rows: int
    accepted: int
    duplicates: int
    rejected: int
    errors: list[RowError]

    @property
    def errors_truncated(self) -> bool:
        return len(self.errors) > MAX_REPORTED_ERRORS


def _number(raw: str) -> int | float | None:
    value: int | float
    try:
        value = int(raw)
    except ValueError:
        try:
            value = float(raw)
        except ValueError:
            return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _flag(raw: str) -> bool | None:
    cell = raw.strip().lower()
    if cell in TRUE_CELLS:
        return True
    if cell in FALSE_CELLS:
        return False
    return None


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DomainError(
            _("The file is not UTF-8 text. Save it as “CSV UTF-8” and upload it again."),
            errors={"file": [_("Not UTF-8.")]},
        ) from exc


def _check_header(header: Sequence[str]) -> None:
    names = [name.strip() for name in header]
    problems: list[str] = []
    missing = [name for name in REQUIRED_COLUMNS if name not in names]
    if missing:
        problems.append(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
    if "email" not in names and "agent_external_id" not in names:
        problems.append(_("Add an “email” or an “agent_external_id” column."))
    unknown = [
        name
        for name in names
        if name not in FIELD_COLUMNS
        and not (name.startswith(METRIC_PREFIX) and len(name) > len(METRIC_PREFIX))
    ]
    if unknown:
        problems.append(
            _("Unknown columns: %(columns)s. Metric columns start with “metric_”.")
            % {"columns": ", ".join(repr(name) for name in unknown)}
        )
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        problems.append(_("Repeated columns: %(columns)s.") % {"columns": ", ".join(repeated)})
    if problems:
        raise DomainError(
            _("The first row must name the columns: %(columns)s, and metric_<name> columns.")
            % {"columns": ", ".join(FIELD_COLUMNS)},
            errors={"file": problems},
        )


def parse_events_csv(*, data: bytes) -> ParsedCsv:
    """Turn the file into event dicts (empty cells left out). Raises ``DomainError`` when
    the file as a whole is unusable; a bad cell only rejects its row."""
    if len(data) > MAX_BYTES:
        raise DomainError(
            _("The file is larger than %(size)s MB.") % {"size": MAX_BYTES // (1024 * 1024)},
            errors={"file": [_("Too large.")]},
        )
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = max(DELIMITERS, key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader, None)
        if not header or not any(cell.strip() for cell in header):
            raise DomainError(
                _("The file is empty: it needs a header row and at least one event."),
                errors={"file": [_("Empty file.")]},
            )
        _check_header(header)
        columns = [name.strip() for name in header]
        parsed = ParsedCsv()
        for index, cells in enumerate(reader):
            row_number = index + 2
            if not any(cell.strip() for cell in cells):
                continue  # blank line
            parsed.rows += 1
            _parse_row(parsed, columns=columns, cells=cells, row_number=row_number)
    except csv.Error as exc:
        # Python's reason is English only ("field larger than field limit"): the line
        # number is what HR needs to find the fault.
        raise DomainError(
            _("The file is not valid CSV near line %(line)s: check its quotes and cell sizes.")
            % {"line": reader.line_num},
            errors={"file": [_("Not valid CSV.")]},
        ) from exc
    if parsed.rows == 0:
        raise DomainError(
            _("The file has a header but no events."), errors={"file": [_("No rows.")]}
        )
    return parsed


def _parse_row(parsed: ParsedCsv, *, columns: list[str], cells: list[str], row_number: int) -> None:
    values = dict(zip(columns, (cell.strip() for cell in cells), strict=False))
    external_id = values.get("external_id", "")
    errors: list[RowError] = []
    if len(cells) > len(columns):
        errors.append(
            RowError(
                row_number,
                external_id,
                "row",
                _("This row has %(cells)s cells; the header has %(columns)s.")
                % {"cells": len(cells), "columns": len(columns)},
            )
        )
    event: dict[str, Any] = {}
    metrics: dict[str, int | float] = {}
    for name, value in values.items():
        if not value:
            continue
        if name == "excluded":
            flag = _flag(value)
            if flag is None:
                errors.append(
                    RowError(
                        row_number,
                        external_id,
                        name,
                        _("“%(value)s” is not yes or no (use true or false).")
                        % {"value": value[:40]},
                    )
                )
            else:
                event[name] = flag
        elif name.startswith(METRIC_PREFIX):
            number = _number(value)
            if number is None:
                errors.append(
                    RowError(
                        row_number,
                        external_id,
                        name,
                        _("“%(value)s” is not a number (use a dot for decimals).")
                        % {"value": value[:40]},
                    )
                )
            else:
                metrics[name.removeprefix(METRIC_PREFIX)] = number
        else:
            event[name] = value
    if errors:
        parsed.errors.extend(errors)
        parsed.rejected_rows += 1
        return
    if metrics:
        event["metrics"] = metrics
    parsed.events.append(event)
    parsed.event_rows.append(row_number)


def _chunk_body(chunk: Sequence[dict[str, Any]]) -> bytes:
    # Stable bytes for the same rows: ``ingest_events`` recognises a re-uploaded chunk by
    # this body and answers what it answered the first time.
    return json.dumps(list(chunk), sort_keys=True, ensure_ascii=False).encode()


def _reject_rows_about(parsed: ParsedCsv, *, actor: User, integration: Integration) -> None:
    """Nobody decides about themselves (design.md, invariant 8): events feed rules that give
    points and badges, so rows about the importer — by e-mail or by an id mapped to them —
    are rejected like any other bad row, and the rest of the file goes in."""
    own_ids = set(
        AgentMapping.objects.filter(integration=integration, user_id=actor.pk).values_list(
            "external_agent_id", flat=True
        )
    )
    own_email = actor.email.strip().lower()
    message = _("Nobody imports events about themselves: another person in HR does.")
    events, rows = [], []
    for event, row in zip(parsed.events, parsed.event_rows, strict=True):
        email = str(event.get("email", "")).strip().lower()
        if (email and email == own_email) or event.get("agent_external_id") in own_ids:
            parsed.errors.append(RowError(row, str(event.get("external_id", "")), "agent", message))
            parsed.rejected_rows += 1
        else:
            events.append(event)
            rows.append(row)
    parsed.events, parsed.event_rows = events, rows


def import_events_csv(
    *, actor: User, integration: Integration, data: bytes, filename: str = ""
) -> CsvImportResult:
    """Import HR's CSV of events for ``integration``; answers counts and per-row errors."""
    require_hr(actor, _("Only HR can import events."))
    parsed = parse_events_csv(data=data)
    _reject_rows_about(parsed, actor=actor, integration=integration)
    size = settings.EVENTS_MAX_BATCH
    accepted = duplicates = rejected = 0
    errors = list(parsed.errors)
    for start in range(0, len(parsed.events), size):
        chunk = parsed.events[start : start + size]
        rows = parsed.event_rows[start : start + size]
        answer = ingest_events(integration=integration, events=chunk, body=_chunk_body(chunk))
        accepted += answer["accepted"]
        duplicates += answer["duplicates"]
        rejected += answer["rejected"]
        for result in answer["results"]:
            if result["status"] != "rejected":
                continue
            index = result["index"]
            external_id = str(chunk[index].get("external_id", ""))
            for name, field_messages in (result.get("errors") or {}).items():
                errors.extend(
                    RowError(rows[index], external_id, name, message) for message in field_messages
                )
    errors.sort(key=lambda e: e.row)
    result = CsvImportResult(
        rows=parsed.rows,
        accepted=accepted,
        duplicates=duplicates,
        rejected=rejected + parsed.rejected_rows,
        errors=errors,
    )
    record_audit_event(
        actor=actor,
        verb="events.csv_imported",
        target=integration,
        data={
            "file": filename[:200],
            "rows": result.rows,
            "accepted": result.accepted,
            "duplicates": result.duplicates,
            "rejected": result.rejected,
        },
    )
    return result


def error_report_token(errors: Sequence[RowError]) -> str:
    """The error lines, signed and compressed, so the report needs no storage."""
    lines = [[e.row, e.external_id, e.field, e.message] for e in errors[:MAX_REPORTED_ERRORS]]
    return signing.dumps(lines, salt=REPORT_SALT, compress=True)


def read_error_report_token(token: str) -> list[RowError]:
    """The lines of a token from ``error_report_token``; ``DomainError`` if forged or old."""
    try:
        lines = signing.loads(token, salt=REPORT_SALT, max_age=REPORT_MAX_AGE)
    except signing.BadSignature as exc:  # includes SignatureExpired
        raise DomainError(_("This error report link is invalid or has expired.")) from exc
    return [RowError(int(row), str(eid), str(name), str(msg)) for row, eid, name, msg in lines]


def write_error_report(errors: Sequence[RowError], stream: Any) -> None:
    """CSV of the rejected rows. Cells that a spreadsheet would run as a formula are
    prefixed with a quote: the external ids come from an uploaded file."""
    writer = csv.writer(stream)
    writer.writerow([_("row"), "external_id", _("field"), _("message")])
    for error in errors:
        writer.writerow(
            [error.row, _defuse(error.external_id), error.field, _defuse(error.message)]
        )


def _defuse(value: str) -> str:
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value

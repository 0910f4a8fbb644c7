"""Ledger memos as a key and parameters: each reader sees the memo in their language; rows
written before keys existed keep their text; the ledger stays append-only and adds up."""

import uuid

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import translation

from recognition.models import AppendOnlyError, LedgerEntry
from recognition.services.ledger import lock_balances, post_entry

pytestmark = pytest.mark.django_db

RULE = {"es": "Cliente feliz", "en": "Happy customer"}


def post(user, **memo):  # type: ignore[no-untyped-def]
    with transaction.atomic():
        lock_balances(user_ids=[user.pk])
        return post_entry(
            account_id=user.pk,
            amount=25,
            kind=LedgerEntry.Kind.RULE,
            idempotency_key=f"test:{uuid.uuid4()}",
            **memo,
        )


def test_a_keyed_memo_reads_in_the_readers_language(agent):
    entry = post(agent, memo_key="ledger.rule", memo_params={"rule": RULE})

    entry = LedgerEntry.objects.get(pk=entry.pk)
    with translation.override("es"):
        assert entry.memo_text == "Cliente feliz"
    with translation.override("en"):
        assert entry.memo_text == "Happy customer"


def test_the_stored_memo_is_the_default_languages_text_whoever_wrote_it(agent, settings):
    with translation.override("en"):
        entry = post(agent, memo_key="ledger.rule", memo_params={"rule": RULE})

    assert settings.LANGUAGE_CODE == "es"
    assert entry.memo == "Cliente feliz"


def test_a_memo_written_before_keys_existed_is_shown_as_written(agent):
    entry = post(agent, memo="Empathy on the phone")

    for language in ("es", "en"):
        with translation.override(language):
            assert entry.memo_text == "Empathy on the phone"


def test_an_unknown_memo_key_is_refused_and_nothing_moves(agent):
    with pytest.raises(ValueError, match="no-such-memo"):
        post(agent, memo_key="no-such-memo")

    assert not LedgerEntry.objects.exists()


def test_memo_columns_cannot_be_rewritten_later(agent):
    entry = post(agent, memo_key="ledger.rule", memo_params={"rule": RULE})

    entry.memo_params = {"rule": {"es": "Otra regla", "en": "Another rule"}}
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        LedgerEntry.objects.filter(pk=entry.pk).update(memo_key="")

    assert LedgerEntry.objects.get(pk=entry.pk).memo_params == {"rule": RULE}
    call_command("verify_ledger")

"""The promotion workflow through its services: who may endorse, approve, decline and
withdraw; decisions happen once; approval moves the level and the plan's target; every
step tells the people concerned, in their own language."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation

from careers.models import CareerPlan, Level, LevelHistory, Promotion
from careers.services import plans, promotions
from careers.services import tracks as track_services
from core.exceptions import ConflictError, DomainError, PermissionDeniedError
from core.models import AuditEvent
from notifications.messages import render_in
from notifications.models import Notification
from people.permissions import HR_GROUP_NAME
from people.selectors import forget_roles

pytestmark = pytest.mark.django_db


def aim(agent: Any, level: Level) -> CareerPlan:
    return plans.set_target_level(actor=agent, agent=agent, level_id=level.pk)


def audited(verb: str, promotion: Promotion) -> AuditEvent:
    return AuditEvent.objects.get(verb=verb, target_id=str(promotion.pk))


def decide(decision: str, *, actor: Any, promotion_id: int) -> Promotion:
    if decision == "approve":
        return promotions.approve(actor=actor, promotion_id=promotion_id)
    if decision == "decline":
        return promotions.decline(actor=actor, promotion_id=promotion_id, reason="Not now.")
    return promotions.withdraw(actor=actor, promotion_id=promotion_id)


def current_levels_of(agent: Any) -> list[Level]:
    return [h.level for h in LevelHistory.objects.filter(user=agent, ended_at__isnull=True)]


@pytest.fixture
def on_level_one(hr_admin, agent, level_one):  # type: ignore[no-untyped-def]
    promotions.set_level(actor=hr_admin, agent=agent, level=level_one)
    return agent


@pytest.fixture
def endorsed(on_level_one, team_lead, level_two):  # type: ignore[no-untyped-def]
    aim(on_level_one, level_two)
    return promotions.endorse(actor=team_lead, agent=on_level_one, note="Ready.")


@pytest.fixture
def level_three(hr_admin, track):  # type: ignore[no-untyped-def]
    return track_services.add_level(
        actor=hr_admin, track=track, name_en="Senior Agent", name_es="Agente sénior"
    )


# --- Endorsing ----------------------------------------------------------------------------


def test_the_agents_lead_endorses_them_for_the_plans_target(
    hr_admin, on_level_one, team_lead, level_one, level_two
):
    # given level two asks for an endorsement and a long tenure
    track_services.add_requirement(
        actor=hr_admin, level=level_two, kind="tenure", min_tenure_days=365
    )
    track_services.add_requirement(actor=hr_admin, level=level_two, kind="endorsement")
    aim(on_level_one, level_two)

    # when
    promotion = promotions.endorse(actor=team_lead, agent=on_level_one, note="  Ready.  ")

    # then readiness is read after the endorsement exists, so it counts
    assert promotion.status == Promotion.Status.ENDORSED
    assert (promotion.from_level, promotion.to_level) == (level_one, level_two)
    assert (promotion.endorsed_by, promotion.endorsement_note) == (team_lead, "Ready.")
    assert promotion.readiness_percent == 50
    assert [(e["kind"], e["met"]) for e in promotion.evidence] == [
        ("tenure", False),
        ("endorsement", True),
    ]
    event = audited("careers.endorsed", promotion)
    assert (event.actor, event.data) == (team_lead, {"level": level_two.pk, "readiness": 50})


@pytest.mark.parametrize("persona", ["agent", "teammate", "other_team_lead", "hr_admin"])
def test_only_a_lead_of_the_agents_team_endorses(request, on_level_one, level_two, persona):
    aim(on_level_one, level_two)
    actor = request.getfixturevalue(persona)

    with pytest.raises(PermissionDeniedError):
        promotions.endorse(actor=actor, agent=on_level_one)

    assert not Promotion.objects.exists()
    assert not AuditEvent.objects.filter(verb="careers.endorsed").exists()


def test_endorsing_needs_a_target_level(on_level_one, team_lead):
    with pytest.raises(DomainError) as refused:
        promotions.endorse(actor=team_lead, agent=on_level_one)

    assert "target_level" in refused.value.errors
    assert not Promotion.objects.exists()


def test_endorsing_without_a_plan_at_all_needs_a_target_level(agent, team_lead):
    with pytest.raises(DomainError) as refused:
        promotions.endorse(actor=team_lead, agent=agent)

    assert "target_level" in refused.value.errors


def test_a_second_endorsement_while_one_is_open_is_a_conflict(endorsed, team_lead):
    with pytest.raises(ConflictError):
        promotions.endorse(actor=team_lead, agent=endorsed.agent)

    assert Promotion.objects.count() == 1


@pytest.mark.parametrize("close", ["decline", "withdraw"])
def test_after_a_decision_the_lead_may_endorse_again(endorsed, hr_admin, team_lead, close):
    if close == "decline":
        promotions.decline(actor=hr_admin, promotion_id=endorsed.pk, reason="Not yet.")
    else:
        promotions.withdraw(actor=team_lead, promotion_id=endorsed.pk)

    again = promotions.endorse(actor=team_lead, agent=endorsed.agent)

    assert again.pk != endorsed.pk
    assert again.status == Promotion.Status.ENDORSED


def test_an_overlong_note_is_refused(on_level_one, team_lead, level_two):
    aim(on_level_one, level_two)

    with pytest.raises(DomainError) as refused:
        promotions.endorse(actor=team_lead, agent=on_level_one, note="x" * 4001)

    assert "note" in refused.value.errors


# --- Deciding -----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["agent", "teammate", "team_lead", "other_team_lead"])
@pytest.mark.parametrize("decision", ["approve", "decline"])
def test_only_hr_decide(request, endorsed, persona, decision):
    actor = request.getfixturevalue(persona)

    with pytest.raises(PermissionDeniedError):
        decide(decision, actor=actor, promotion_id=endorsed.pk)

    endorsed.refresh_from_db()
    assert endorsed.status == Promotion.Status.ENDORSED
    assert current_levels_of(endorsed.agent) == [endorsed.from_level]


@pytest.mark.parametrize("decision", ["approve", "decline"])
def test_hr_cannot_decide_their_own_promotion(
    hr_admin, agent, team_lead, level_one, level_two, decision
):
    # given the agent is in HR too
    promotions.set_level(actor=hr_admin, agent=agent, level=level_one)
    agent.groups.add(Group.objects.get(name=HR_GROUP_NAME))
    forget_roles(agent)
    aim(agent, level_two)
    promotion = promotions.endorse(actor=team_lead, agent=agent)

    # when / then
    with pytest.raises(PermissionDeniedError):
        decide(decision, actor=agent, promotion_id=promotion.pk)

    promotion.refresh_from_db()
    assert promotion.status == Promotion.Status.ENDORSED
    assert current_levels_of(agent) == [level_one]


def test_hr_approve_and_the_agent_moves_up_keeping_the_history(
    endorsed, hr_admin, level_one, level_two
):
    # when
    approved = promotions.approve(actor=hr_admin, promotion_id=endorsed.pk)

    # then
    assert approved.status == Promotion.Status.APPROVED
    assert (approved.decided_by, approved.decided_at is not None) == (hr_admin, True)
    agent = endorsed.agent
    history = list(LevelHistory.objects.filter(user=agent).order_by("started_at", "id"))
    assert [(h.level, h.ended_at is None) for h in history] == [
        (level_one, False),
        (level_two, True),
    ]
    assert history[1].promotion == approved
    assert history[1].set_by == hr_admin
    assert audited("careers.promotion_approved", approved).actor == hr_admin


def test_approving_twice_is_a_conflict_with_one_history_row(endorsed, hr_admin, staff_user):
    # given a second HR person
    staff_user.groups.add(Group.objects.get(name=HR_GROUP_NAME))
    promotions.approve(actor=hr_admin, promotion_id=endorsed.pk)

    # when
    with pytest.raises(ConflictError):
        promotions.approve(actor=staff_user, promotion_id=endorsed.pk)

    # then
    endorsed.refresh_from_db()
    assert endorsed.decided_by == hr_admin
    assert LevelHistory.objects.filter(promotion=endorsed).count() == 1
    assert LevelHistory.objects.filter(user=endorsed.agent, ended_at__isnull=True).count() == 1
    assert AuditEvent.objects.filter(verb="careers.promotion_approved").count() == 1


@pytest.mark.parametrize("then", ["approve", "decline", "withdraw"])
def test_a_declined_promotion_cannot_be_decided_again(endorsed, hr_admin, team_lead, then):
    promotions.decline(actor=hr_admin, promotion_id=endorsed.pk, reason="Not yet.")

    actor = team_lead if then == "withdraw" else hr_admin
    with pytest.raises(ConflictError):
        decide(then, actor=actor, promotion_id=endorsed.pk)

    endorsed.refresh_from_db()
    assert (endorsed.status, endorsed.reason) == (Promotion.Status.DECLINED, "Not yet.")
    assert LevelHistory.objects.filter(user=endorsed.agent).count() == 1


@pytest.mark.parametrize("reason", ["", "   ", "x" * 4001])
def test_declining_needs_a_reason(endorsed, hr_admin, reason):
    with pytest.raises(DomainError) as refused:
        promotions.decline(actor=hr_admin, promotion_id=endorsed.pk, reason=reason)

    assert "reason" in refused.value.errors
    endorsed.refresh_from_db()
    assert endorsed.status == Promotion.Status.ENDORSED


def test_hr_decline_with_a_reason(endorsed, hr_admin, level_one):
    declined = promotions.decline(actor=hr_admin, promotion_id=endorsed.pk, reason=" Not yet. ")

    assert (declined.status, declined.reason, declined.decided_by) == (
        Promotion.Status.DECLINED,
        "Not yet.",
        hr_admin,
    )
    assert current_levels_of(declined.agent) == [level_one]
    assert audited("careers.promotion_declined", declined).actor == hr_admin


def test_approval_aims_the_plan_at_the_next_level(endorsed, hr_admin, level_three):
    promotions.approve(actor=hr_admin, promotion_id=endorsed.pk)

    assert CareerPlan.objects.get(agent=endorsed.agent).target_level == level_three


def test_approval_to_the_top_level_clears_the_target(endorsed, hr_admin):
    promotions.approve(actor=hr_admin, promotion_id=endorsed.pk)

    assert CareerPlan.objects.get(agent=endorsed.agent).target_level is None


# --- Withdrawing --------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["agent", "teammate", "other_team_lead", "hr_admin"])
def test_only_a_lead_of_the_agents_team_withdraws(request, endorsed, persona):
    actor = request.getfixturevalue(persona)

    with pytest.raises(PermissionDeniedError):
        promotions.withdraw(actor=actor, promotion_id=endorsed.pk)

    endorsed.refresh_from_db()
    assert endorsed.status == Promotion.Status.ENDORSED


def test_the_lead_withdraws_an_open_endorsement(endorsed, team_lead):
    withdrawn = promotions.withdraw(actor=team_lead, promotion_id=endorsed.pk)

    assert withdrawn.status == Promotion.Status.WITHDRAWN
    assert audited("careers.promotion_withdrawn", withdrawn).actor == team_lead


def test_an_approved_promotion_cannot_be_withdrawn(endorsed, hr_admin, team_lead, level_two):
    promotions.approve(actor=hr_admin, promotion_id=endorsed.pk)

    with pytest.raises(ConflictError):
        promotions.withdraw(actor=team_lead, promotion_id=endorsed.pk)

    assert current_levels_of(endorsed.agent) == [level_two]


# --- Setting a level directly -------------------------------------------------------------


def test_hr_set_a_level_closing_the_current_one(hr_admin, on_level_one, level_one, level_two):
    entry = promotions.set_level(
        actor=hr_admin, agent=on_level_one, level=level_two, note="Correction"
    )

    history = list(LevelHistory.objects.filter(user=on_level_one).order_by("started_at", "id"))
    assert [(h.level, h.ended_at is None) for h in history] == [
        (level_one, False),
        (level_two, True),
    ]
    assert (entry.set_by, entry.note, entry.promotion) == (hr_admin, "Correction", None)
    assert AuditEvent.objects.filter(verb="careers.level_set", target_id=str(entry.pk)).exists()


def test_setting_a_level_at_or_above_the_target_clears_the_target(
    hr_admin, on_level_one, level_two
):
    aim(on_level_one, level_two)

    promotions.set_level(actor=hr_admin, agent=on_level_one, level=level_two)

    assert CareerPlan.objects.get(agent=on_level_one).target_level is None


def test_setting_the_level_someone_holds_is_a_conflict(hr_admin, on_level_one, level_one):
    with pytest.raises(ConflictError):
        promotions.set_level(actor=hr_admin, agent=on_level_one, level=level_one)

    assert LevelHistory.objects.filter(user=on_level_one).count() == 1


@pytest.mark.parametrize("persona", ["agent", "team_lead", "other_team_lead"])
def test_only_hr_set_levels(request, on_level_one, level_one, level_two, persona):
    actor = request.getfixturevalue(persona)

    with pytest.raises(PermissionDeniedError):
        promotions.set_level(actor=actor, agent=on_level_one, level=level_two)

    assert current_levels_of(on_level_one) == [level_one]
    assert LevelHistory.objects.filter(user=on_level_one).count() == 1


@pytest.mark.parametrize("persona", ["team_lead", "hr_admin", "agent"])
def test_nobody_endorses_themselves(request, level_two, persona):
    person = request.getfixturevalue(persona)
    aim(person, level_two)

    with translation.override("en"), pytest.raises(PermissionDeniedError) as refused:
        promotions.endorse(actor=person, agent=person, note="I am ready.")

    assert refused.value.message == "Nobody endorses themselves: your lead does."
    assert not Promotion.objects.exists()
    assert not AuditEvent.objects.filter(verb="careers.endorsed").exists()


def test_hr_cannot_place_themselves_on_a_level(hr_admin, level_one):
    with (
        translation.override("en"),
        pytest.raises(PermissionDeniedError, match="Nobody sets their own level"),
    ):
        promotions.set_level(actor=hr_admin, agent=hr_admin, level=level_one)

    assert not LevelHistory.objects.filter(user=hr_admin).exists()
    assert not AuditEvent.objects.filter(verb="careers.level_set").exists()


# --- Notifications ------------------------------------------------------------------------


@pytest.fixture
def languages(monkeypatch):  # type: ignore[no-untyped-def]
    """Who was notified, and the language of the text stored for them (the recipient's,
    whoever wrote it; pages render it again in the reader's language when read)."""
    seen: list[tuple[Any, str]] = []
    real_notify = promotions.notify

    def recording_notify(*, user, **kwargs):  # type: ignore[no-untyped-def]
        notification = real_notify(user=user, **kwargs)
        spanish = notification.message != render_in(
            "en", notification.message_key, notification.params
        )
        seen.append((user, "es" if spanish else "en"))
        return notification

    monkeypatch.setattr(promotions, "notify", recording_notify)
    return seen


@pytest.fixture
def spanish_agent(agent):  # type: ignore[no-untyped-def]
    agent.preferred_language = "es"
    agent.save(update_fields=["preferred_language"])
    return agent


def test_endorsing_tells_the_agent_in_their_language(
    languages, hr_admin, spanish_agent, team_lead, level_one, level_two
):
    promotions.set_level(actor=hr_admin, agent=spanish_agent, level=level_one)
    aim(spanish_agent, level_two)

    with translation.override("en"):
        promotions.endorse(actor=team_lead, agent=spanish_agent)

    assert languages == [(spanish_agent, "es")]
    notification = Notification.objects.get(user=spanish_agent, kind="career")
    assert notification.url == reverse("careers:my_plan")
    assert "Lía Lead" in notification.message
    # the level's bilingual name is read in the agent's language, not the endorser's
    assert "Agente II" in notification.message


def test_approval_tells_the_agent_and_the_endorsing_lead_each_in_their_language(
    languages, endorsed, hr_admin, spanish_agent, team_lead
):
    languages.clear()

    with translation.override("en"):
        promotions.approve(actor=hr_admin, promotion_id=endorsed.pk)

    assert languages == [(spanish_agent, "es"), (team_lead, "en")]
    to_agent = Notification.objects.filter(user=spanish_agent, kind="career").first()
    assert to_agent.url == reverse("careers:my_plan")
    assert "Agente II" in to_agent.message
    to_lead = Notification.objects.get(user=team_lead, kind="career")
    assert to_lead.url == reverse("careers:person_plan", args=[spanish_agent.pk])
    assert "Ana Agent" in to_lead.message
    assert "Agent II" in to_lead.message


def test_declining_tells_both_the_reason(languages, endorsed, hr_admin, spanish_agent, team_lead):
    languages.clear()

    promotions.decline(actor=hr_admin, promotion_id=endorsed.pk, reason="More QA reviews first.")

    assert languages == [(spanish_agent, "es"), (team_lead, "en")]
    to_agent = Notification.objects.filter(user=spanish_agent, kind="career").first()
    to_lead = Notification.objects.get(user=team_lead, kind="career")
    assert to_agent.url == reverse("careers:my_plan")
    assert to_lead.url == reverse("careers:person_plan", args=[spanish_agent.pk])
    for notification in (to_agent, to_lead):
        assert "More QA reviews first." in notification.message
    assert "Agente II" in to_agent.message
    assert "Agente II" not in to_lead.message


def test_a_decision_on_an_endorsement_by_a_departed_lead_tells_only_the_agent(
    languages, endorsed, hr_admin, agent
):
    Promotion.objects.filter(pk=endorsed.pk).update(endorsed_by=None)
    languages.clear()

    promotions.approve(actor=hr_admin, promotion_id=endorsed.pk)

    assert [user for user, _language in languages] == [agent]


def test_the_evidence_snapshot_reads_in_the_readers_language(agent, team_lead, hr_admin, level_two):
    # given an English-speaking lead endorsing for a level that asks for tenure
    track_services.add_requirement(
        actor=hr_admin, level=level_two, kind="tenure", min_tenure_days=30
    )
    aim(agent, level_two)
    with translation.override("en"):
        promotion = promotions.endorse(actor=team_lead, agent=agent)

    # when HR read it in Spanish, and in English
    with translation.override("es"):
        (spanish,) = promotion.localized_evidence
    with translation.override("en"):
        (english,) = promotion.localized_evidence

    # then the sentences follow the reader, the facts stay the same
    assert spanish["summary"] == "Al menos 30 días en el nivel actual"
    assert english["summary"] == "At least 30 days in the current level"
    assert (
        (spanish["met"], spanish["target"])
        == (english["met"], english["target"])
        == (
            False,
            30.0,
        )
    )

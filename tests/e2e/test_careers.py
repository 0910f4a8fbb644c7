"""The careers journey through the real pages: HR builds a track and a training path, the
agent aims for the next level and trains, the lead endorses, HR approves."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# The quiz as HR write it in the editor's rows: (field of the first question, text).
QUIZ = [
    ("prompt_en", "An upset caller: what comes first?"),
    ("prompt_es", "Un cliente molesto: ¿qué va primero?"),
    ("choice_0_en", "Acknowledge the feeling"),
    ("choice_0_es", "Reconocer lo que siente"),
    ("choice_1_en", "Read the policy"),
    ("choice_1_es", "Leer la política"),
]


def sign_out(page):  # type: ignore[no-untyped-def]
    page.context.clear_cookies()


def nav(page, name):  # type: ignore[no-untyped-def]
    """Follow a link of the main navigation."""
    main_nav = page.get_by_role("navigation", name="Main navigation")
    main_nav.get_by_role("link", name=name, exact=True).click()


def messages(page):  # type: ignore[no-untyped-def]
    return page.locator("ul.messages")


def readiness(page):  # type: ignore[no-untyped-def]
    return page.locator("#readiness")


def test_hr_builds_a_track_the_agent_trains_the_lead_endorses_and_hr_promotes(
    sign_in, live_server, hr_admin, agent, team_lead
):
    # --- HR: a track with two levels --------------------------------------------------------
    page = sign_in(hr_admin)
    nav(page, "HR")
    page.get_by_role("link", name="Career tracks and levels").click()
    expect(page.get_by_role("heading", name="Career tracks", level=1)).to_be_visible()
    page.get_by_label("Name (English)").fill("Contact center")
    page.get_by_label("Name (Spanish)").fill("Centro de contacto")
    page.get_by_role("button", name="Create track").click()
    expect(page.get_by_role("heading", name="Contact center", level=1)).to_be_visible()

    add_level = page.locator("#add-level")
    for english, spanish in [("Agent I", "Agente I"), ("Agent II", "Agente II")]:
        add_level.get_by_label("Name (English)").fill(english)
        add_level.get_by_label("Name (Spanish)").fill(spanish)
        add_level.get_by_role("button", name="Add level").click()
        expect(messages(page)).to_have_text(f"Level “{english}” added.")
    expect(page.get_by_role("heading", level=3)).to_have_text(
        [re.compile(r"^1\. Agent I\b"), re.compile(r"^2\. Agent II\b")]
    )
    track_url = page.url.split("#")[0]

    # --- HR: a training path with a Markdown module and a quiz module -----------------------
    nav(page, "HR")
    page.get_by_role("link", name="Training paths").click()
    page.get_by_label("Name (English)").fill("Empathy basics")
    page.get_by_label("Name (Spanish)").fill("Empatía básica")
    page.get_by_label("Track").select_option(label="Contact center")
    page.get_by_role("button", name="Create path").click()
    expect(page.get_by_role("heading", name="Empathy basics", level=1)).to_be_visible()

    page.get_by_role("link", name="Add a module", exact=True).click()
    page.get_by_label("Title (English)").fill("Reading the caller")
    page.get_by_label("Title (Spanish)").fill("Leer al cliente")
    page.get_by_label("Text (English, Markdown)").fill(
        "Listen for **how** they feel, not only *what* they say.\n\n- Pause\n- Name it"
    )
    page.get_by_label("Estimated minutes").fill("5")
    page.get_by_role("button", name="Save module").click()
    expect(messages(page)).to_have_text("Module “Reading the caller” saved.")

    page.get_by_role("link", name="Add a module", exact=True).click()
    page.get_by_label("Title (English)").fill("Check yourself")
    page.get_by_label("Title (Spanish)").fill("Ponte a prueba")
    page.get_by_label("Text (English, Markdown)").fill("One question on what you just read.")
    page.get_by_label("Estimated minutes").fill("3")
    page.get_by_label("Quiz pass mark (%)").fill("100")
    for field, text in QUIZ:
        page.fill(f"#id_questions-0-{field}", text)
    page.get_by_label("Answer 1 is right").check()
    page.get_by_role("button", name="Save module").click()
    expect(messages(page)).to_have_text("Module “Check yourself” saved.")
    modules = page.locator("#module-list tbody tr")
    expect(modules).to_have_count(2)
    expect(modules.nth(0)).to_contain_text("Reading the caller")
    expect(modules.nth(1)).to_contain_text("1 question, pass at 100 %")

    # --- HR: what it takes to reach Agent II ------------------------------------------------
    page.goto(track_url)
    agent_two = page.get_by_role("article", name=re.compile(r"^2\. Agent II\b"))
    for kind, path in [("Training path completed", "Empathy basics"), ("Lead endorsement", None)]:
        agent_two.get_by_text("Add a requirement").click()
        agent_two.get_by_label("Kind").select_option(label=kind)
        if path:
            agent_two.get_by_label("Training path", exact=False).select_option(label=path)
        agent_two.get_by_role("button", name="Add requirement to Agent II").click()
        expect(messages(page)).to_have_text("Requirement added to “Agent II”.")
    expect(agent_two.locator(".hr-requirements li")).to_have_text(
        [
            re.compile(r"Completed the training “Empathy basics”"),
            re.compile(r"Endorsed by the team lead"),
        ]
    )

    # --- HR: the new hire starts on Agent I, from the people directory ----------------------
    nav(page, "People")
    page.get_by_role("link", name="Career level · Ana Agent").click()
    page.get_by_role("combobox", name="Level", exact=True).select_option(
        label="Contact center · Agent I"
    )
    page.get_by_role("button", name="Set level").click()
    expect(messages(page)).to_have_text("Ana Agent is now Contact center · Agent I.")

    # --- Agent: aims for Agent II, then trains ----------------------------------------------
    sign_out(page)
    page = sign_in(agent)
    nav(page, "Career")
    expect(page.locator("#current-level")).to_contain_text("Agent I in Contact center")
    page.get_by_role("combobox", name="Target level").select_option(
        label="Contact center · Agent II"
    )
    page.get_by_role("button", name="Save target").click()
    expect(messages(page)).to_have_text("The target level is now Agent II.")
    expect(readiness(page).locator("strong").first).to_have_text("0% ready for Agent II")
    expect(readiness(page)).to_contain_text("0 of 2 requirements met.")
    readiness_before = readiness(page).locator("strong").first.inner_text()

    page.get_by_role("link", name="Training catalog").click()
    page.get_by_role("button", name="Enroll Empathy basics").click()
    expect(messages(page)).to_have_text("You are enrolled in “Empathy basics”.")
    expect(page.get_by_role("heading", name="Reading the caller", level=2)).to_be_visible()
    expect(page.locator(".module-body strong")).to_have_text("how")  # Markdown, rendered
    page.get_by_role("button", name="Mark as done").click()
    expect(messages(page)).to_have_text("“Reading the caller” is done.")

    expect(page.get_by_role("heading", name="Check yourself", level=2)).to_be_visible()
    page.get_by_role("group", name="An upset caller: what comes first?").get_by_label(
        "Acknowledge the feeling"
    ).check()
    page.get_by_role("button", name="Send my answers").click()
    expect(messages(page)).to_have_text("You completed “Empathy basics”. Well done!")
    expect(page.locator("#completed")).to_contain_text("Completed")

    nav(page, "Career")
    expect(readiness(page).locator("strong").first).to_have_text("50% ready for Agent II")
    expect(readiness(page)).to_contain_text("1 of 2 requirements met.")
    readiness_after = readiness(page).locator("strong").first.inner_text()
    assert (readiness_before, readiness_after) == (
        "0% ready for Agent II",
        "50% ready for Agent II",
    )

    # --- Lead: from the dashboard to the team's plans, endorses -----------------------------
    sign_out(page)
    page = sign_in(team_lead)
    nav(page, "My teams")
    page.get_by_role("link", name="Career plans").click()
    row = page.locator("#team-plans tbody tr", has_text="Ana Agent")
    expect(row).to_contain_text("Agent II")
    expect(row).to_contain_text("50%")
    row.get_by_role("link", name="Ana Agent").click()
    expect(page.get_by_role("heading", name="Career plan of Ana Agent")).to_be_visible()
    endorse = page.locator("#endorse")
    expect(endorse).to_contain_text("Ana Agent meets every requirement of Agent II")
    endorse.get_by_label("Why are they ready?").fill("Calm and kind on every hard call.")
    endorse.get_by_role("button", name="Endorse for Agent II").click()
    expect(messages(page)).to_have_text("You endorsed Ana Agent for Agent II. HR will decide.")
    expect(page.locator("#endorse")).to_contain_text(
        "An endorsement for Agent II is waiting for HR."
    )

    # --- HR: approves from the promotion queue ----------------------------------------------
    sign_out(page)
    page = sign_in(hr_admin)
    main_nav = page.get_by_role("navigation", name="Main navigation")
    expect(main_nav.locator('a[href="/careers/hr/promotions/"] .count')).to_have_text("1")
    main_nav.locator('a[href="/careers/hr/promotions/"]').click()
    promotion = page.locator("li.promotion", has_text="Ana Agent")
    expect(promotion.locator(".level-move")).to_have_text("Agent I → Contact center · Agent II")
    expect(promotion).to_contain_text("Calm and kind on every hard call.")
    expect(promotion).to_contain_text("100 % (2 of 2 met)")
    promotion.get_by_role("button", name="Approve Ana Agent as Agent II").click()
    expect(messages(page)).to_have_text("Approved: Ana Agent is now Agent II.")
    expect(page.get_by_text("No promotion is waiting for a decision.")).to_be_visible()

    # --- Agent: is on Agent II now, and was told ---------------------------------------------
    sign_out(page)
    page = sign_in(agent)
    nav(page, "Career")
    expect(page.locator("#current-level")).to_contain_text("Agent II in Contact center")
    expect(page.locator(".ladder li[aria-current=step]")).to_contain_text("Agent II")
    page.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name=re.compile(r"^Notifications")
    ).click()
    expect(page.locator(".notification-list li").first).to_contain_text(
        "Congratulations! You are now Agent II."
    )

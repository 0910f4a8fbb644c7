"""A month of demo contact-center events, so feedback, points and badges have something to
show after ``make run``. Called by ``seed_demo`` through ``PerformanceConfig.demo_seeder``."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from performance import simulator
from performance.defaults import install_default_rules

DEMO_EMAIL_SUFFIX = "@demo.cuida.test"
DEMO_INTEGRATION = "Demo contact center"
# A fifth of a real day's calls keeps the seed fast on SQLite; CSAT, QA, compliments and
# escalations are what the default rules look at, and their volume stays realistic.
DEMO_CALLS_PER_DAY = 20


def seed_demo_performance(*, days: int = 30, seed: int = 2024) -> int:
    """Install the default rules and simulate ``days`` days for the demo agents, ending
    yesterday (a full day, so a second run the same day adds nothing). Returns how many
    events were stored now; each is processed after its batch commits."""
    install_default_rules()
    agents = simulator.simulation_agents(email_suffix=DEMO_EMAIL_SUFFIX)
    if not agents:
        return 0
    integration = simulator.simulator_integration(DEMO_INTEGRATION)
    totals = simulator.run_simulation(
        agents=agents,
        days=days,
        end_date=timezone.localdate() - dt.timedelta(days=1),
        seed=seed,
        calls_per_day=DEMO_CALLS_PER_DAY,
        send=simulator.direct_sender(integration),
        integration=integration,
    )
    return totals.created or 0

"""Performance's models, one module per part: ``integrations`` (tools, keys, agent mappings,
batch answers), ``events`` (event types, metrics, events), ``rules`` (rules, guardrails,
effects, firings) and ``feedback`` (feedback, the agent's comparison choices)."""

from performance.models.events import EventType, Metric, PerformanceEvent
from performance.models.feedback import Feedback, PerformanceProfile
from performance.models.integrations import AgentMapping, ApiKey, IngestionBatch, Integration
from performance.models.rules import Rule, RuleEffect, RuleFiring, RuleGuardrail

__all__ = [
    "AgentMapping",
    "ApiKey",
    "EventType",
    "Feedback",
    "IngestionBatch",
    "Integration",
    "Metric",
    "PerformanceEvent",
    "PerformanceProfile",
    "Rule",
    "RuleEffect",
    "RuleFiring",
    "RuleGuardrail",
]

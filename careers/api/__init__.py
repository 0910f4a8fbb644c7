"""Careers API, one module per entity: tracks with their levels and requirements
(``tracks``), training paths and their modules (``paths``), enrollments (``enrollments``),
career plans (``plans``) and the promotion workflow (``promotions``). One view per operation
with nested input/output serializers; each view declares who may reach it
(``permission_classes``), services check the rest and write, selectors read.

Two things never leave here for the wrong reader: a plan's private notes go out only
through ``MyPlanApi`` (the agent's own plan), and which quiz answer is correct only through
HR's module editor (``ModuleDetailApi``).
"""

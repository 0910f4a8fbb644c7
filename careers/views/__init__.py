"""Careers pages for agents and leads, one module per thing they work on: the career plan
(``plans``), its goals (``goals``), endorsements (``endorsements``), the training catalog
(``catalog``), one's own learning (``learning``: enrollments and modules) and a team's
plans (``teams``). HR's pages live in ``careers.hr_views``.

Each view declares its rule with ``@page_rule`` (under ``@require_POST`` for an action: a
GET to an action is a 405 whoever asks), fetches through a permission-checked
selector, calls one service (``core.pages.submit`` for a form) and redirects
(POST-redirect-GET) or renders the page again with the form's errors. A refusal it does not
show on a form (403, 404, a refused button) is answered by
``core.middleware.DomainErrorMiddleware``.
"""

"""HR's careers pages, one module per editor: ``tracks`` (tracks), ``levels`` and
``requirements`` (the ladder of a track), ``paths`` and ``modules`` (training), ``promotions``
(the queue, placing a person on a level) and ``readiness`` (the company's).

Every view declares ``@page_rule(HR)`` (everyone else gets a 403, anonymous visitors sign
in), then parses a form, fetches through ``careers.selectors``, calls one service through
``core.pages.submit`` and redirects; a refused write renders the page again with the errors
next to the form that caused them, at status 400 (409 for a conflict), and writes nothing.
A refused button (delete, decide) is a message on the page it returns to
(``core.middleware.DomainErrorMiddleware``, ``@refusals_return_to``).
"""

"""HR's recognition pages, one module per catalog: ``values`` (company values),
``badges`` (badge classes) and ``rewards`` (the reward catalog). They replace the Django
admin for HR; the admin stays for staff.

Every view declares ``@page_rule(HR)`` (everyone else gets a 403, anonymous visitors sign
in), parses a form, calls one service through ``core.pages.submit`` and redirects; a
refused write renders the form again with its errors at 400 (409 for a name already
used) and writes nothing. Retire and reactivate are POST buttons.
"""

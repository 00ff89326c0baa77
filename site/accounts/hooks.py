"""The hook points through which other apps join the accounts (registered with `wagtail.hooks.register`
in their `wagtail_hooks.py`; accounts imports none of them).

``account_dashboard_sections(request) -> list[dict]``
    Sections of 我的创孵 (/accounts/). Each dict: ``title`` (str), ``template`` (a template name, rendered
    with the names in ``context`` and ``section`` itself), ``context`` (dict),
    ``order`` (int, smaller first). Return [] to show nothing. Keep the queries per section constant.

``account_data_export(user) -> dict``
    PIPL "download my data": a dict merged into the JSON file next to ``account``; use a key of your own
    (e.g. ``{"event_registrations": [...]}``) holding only JSON-serialisable values of this person.

``account_deleting(user) -> None``
    Called inside the deletion's transaction *before* the user row is deleted: cancel, anonymise or delete
    what belongs to the person. Raising aborts the deletion (nothing is changed).

``account_email_verified(user) -> None``
    Called (in the verifying request's transaction) when the person proves they own ``user.email``, e.g. to
    attach records made earlier with that address.
"""

from django.db import transaction

from wagtail import hooks

DASHBOARD_SECTIONS = "account_dashboard_sections"
DATA_EXPORT = "account_data_export"
DELETING = "account_deleting"
EMAIL_VERIFIED = "account_email_verified"


def dashboard_sections(request):
    sections = []
    for fn in hooks.get_hooks(DASHBOARD_SECTIONS):
        sections.extend(fn(request) or [])
    for section in sections:
        section.setdefault("context", {})
        section.setdefault("order", 100)
    return sorted(sections, key=lambda section: (section["order"], section["title"]))


def data_export(user):
    data = {}
    for fn in hooks.get_hooks(DATA_EXPORT):
        data.update(fn(user) or {})
    return data


def delete_account(user):
    """Let every app react, then delete the user, all in one transaction."""
    with transaction.atomic():
        for fn in hooks.get_hooks(DELETING):
            fn(user)
        user.delete()


def email_verified(user):
    for fn in hooks.get_hooks(EMAIL_VERIFIED):
        fn(user)

"""The protocol between the engine and what people register for (an event today, a course session next).

The engine never imports a content app. Each app registers, for its target kind, a resolver that returns
the owner of a target (like search's registry); the owner describes itself with
`describe_for_registration()` -> `TargetDescription`, which mails, pages, exports and the staff views read.
"""

import datetime
from dataclasses import dataclass, field

_resolvers = {}
_own_sections = set()  # kinds whose owner app lists them in 我的创孵 itself
_related_names = {}  # kind -> the owner's reverse one-to-one name on RegistrationTarget
_related_fields = {}  # kind -> the owner fields target_with_owner reads ("<related_name>__<field>")


@dataclass
class TargetDescription:
    title: str
    url: str = ""
    starts_at: datetime.datetime | None = None
    ends_at: datetime.datetime | None = None
    location: str = ""
    online_url: str = ""
    online_only: bool = False  # held online with no venue: no on-site check-in, so no QR code to show
    organiser: str = ""
    questions: list = field(default_factory=list)  # the owner's extra questions (see forms.RegistrationForm)
    ics: bytes | None = None  # attached to the confirmation mail
    kind_label: str = ""  # what pages call it, e.g. 活动
    edit_url: str = ""  # where staff edit the owner in the admin


def register_owner(kind, resolver, own_dashboard_section=False, related_name="", related_fields=()):
    """`resolver(target)` returns the owner of a target of this kind, or None. An owner app that shows its
    registrations in 我的创孵 itself (the academy's enrollments) says so, and the engine's own list leaves
    that kind out. `related_name`: the owner model's reverse one-to-one on RegistrationTarget, so
    `target_with_owner` joins the owner into the target's query (the resolver then finds it cached);
    `related_fields`: the only owner fields that query reads (what a successful POST needs)."""
    _resolvers[kind] = resolver
    if related_name:
        _related_names[kind] = related_name
        _related_fields[kind] = [f"{related_name}__{name}" for name in related_fields]
    if own_dashboard_section:
        _own_sections.add(kind)
    else:
        _own_sections.discard(kind)


def kinds_with_own_section():
    return set(_own_sections)


def owner_of(target):
    resolver = _resolvers.get(target.kind)
    return resolver(target) if resolver else None


def target_with_owner(target_id):
    """The target `target_id` (or None) with the owners that named their relation read in the same query:
    the form's POST needs both, and a second query for the owner was a tenth of its time."""
    from .models import RegistrationTarget

    targets = RegistrationTarget.objects.select_related(*_related_names.values())
    if all(_related_fields.get(kind) for kind in _related_names):
        # Compiling ~70 columns of a Wagtail page cost more than the rest of the query: read only these.
        own = [field.name for field in RegistrationTarget._meta.concrete_fields]
        targets = targets.only(*own, *(name for names in _related_fields.values() for name in names))
    # Not .first(): its ORDER BY took a fifth of the compiling, and the primary key matches one row at most.
    return next(iter(targets.filter(pk=target_id)), None)


def describe(target):
    owner = owner_of(target)
    if owner is not None:
        return owner.describe_for_registration()
    return TargetDescription(title=target.title, starts_at=target.starts_at, ends_at=target.ends_at)

"""Demo content: the events listing and about 15 events across types and months, with registrations.

The content is in demo_data/ (events.yaml: pages, venues, questions; people.yaml: invented speakers and
registrants); this module loads it, dates the events and invents the registrations.

Event dates are relative to the day an event is first created and are then left alone, so the demo always
has upcoming and past events, and a second run (any day) changes nothing. Registrations are generated once
per event, from the seed, when the event has none.
"""

import datetime
from decimal import Decimal
from pathlib import Path

from django.utils import timezone

from core.brands import Brand
from core.demo import ensure_image, ensure_page, load_demo_data
from registrations.models import Registration, RegistrationStatus

from .models import EventIndexPage, EventPage, EventType

S = RegistrationStatus

APP_DIR = Path(__file__).parent
# The keys the loader reads from each data file (see core.demo.missing_demo_keys).
REQUIRED_KEYS = {
    "events.yaml": {
        "index": {"slug", "title", "intro"},
        "page": {
            "organiser",
            "summary",
            "background_heading",
            "background",
            "audience_heading",
            "audience",
            "agenda",
            "online_url",
        },
        "page.agenda[]": {"title", "speaker"},
        "questions{}": {"type", "label", "required"},
        "venues{}": {"name", "address", "latitude", "longitude"},
        "events[]": {
            "slug",
            "title",
            "type",
            "brand",
            "days_from_creation",
            "start_hour",
            "hours",
            "venue",
            "capacity",
            "max_party_size",
            "registrations",
            "questions",
        },
    },
    "people.yaml": {
        ".": {"surnames", "given_names", "organisations", "job_titles"},
        "speakers": {"count", "affiliations", "bio"},
    },
}
REGISTRATION_MODES = {"waitlist", "approval", "some", "closed", "not_open", "past"}


def load(name):
    return load_demo_data(APP_DIR, name, required=REQUIRED_KEYS[name])


def _local(day, hour):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _dates(offset, hour, hours, mode, today):
    starts_at = _local(today + datetime.timedelta(days=offset), hour)
    ends_at = starts_at + datetime.timedelta(hours=hours)
    opens_at = starts_at - datetime.timedelta(days=30)
    closes_at = None
    if mode == "not_open":
        opens_at = _local(today + datetime.timedelta(days=offset - 14), 9)
    elif mode == "closed":
        opens_at = starts_at - datetime.timedelta(days=20)
        closes_at = _local(today - datetime.timedelta(days=1), 18)
    return {
        "starts_at": starts_at,
        "ends_at": ends_at,
        "registration_opens_at": opens_at,
        "registration_closes_at": closes_at,
    }


def _body(text, title, type_label):
    return [
        ("heading", {"text": text["background_heading"], "level": "h2"}),
        ("paragraph", f"<p>{text['background'].format(title=title, type=type_label)}</p>"),
        ("heading", {"text": text["audience_heading"], "level": "h2"}),
        ("paragraph", "<ul>" + "".join(f"<li>{item}</li>" for item in text["audience"]) + "</ul>"),
    ]


def _agenda(slots, start_hour):
    agenda = []
    minute = start_hour * 60
    for slot in slots:
        end = minute + 30
        agenda.append(
            (
                "item",
                {
                    "time": f"{minute // 60:02d}:{minute % 60:02d}—{end // 60:02d}:{end % 60:02d}",
                    "title": slot["title"],
                    "speaker": slot["speaker"],
                },
            )
        )
        minute = end
    return agenda


def _speakers(rng, people):
    speakers = people["speakers"]
    result = []
    for _ in range(speakers["count"]):
        name = rng.choice(people["surnames"]) + rng.choice(people["given_names"])
        result.append(
            (
                "speaker",
                {
                    "name": name,
                    "affiliation": rng.choice(speakers["affiliations"]),
                    "bio": speakers["bio"],
                    "photo": None,
                },
            )
        )
    return result


def _question(definition):
    """A registration-form question block from its data: choices are listed one per item."""
    value = {key: item for key, item in definition.items() if key != "type"}
    if isinstance(value.get("choices"), list):
        value["choices"] = "\n".join(value["choices"])
    return (definition["type"], value)


def events(ctx):
    data = load("events.yaml")
    people = load("people.yaml")
    text = data["page"]
    home = ctx.objects["home"]
    index = ensure_page(
        ctx,
        home,
        EventIndexPage,
        data["index"]["slug"],
        title=data["index"]["title"],
        show_in_menus=True,
        intro=data["index"]["intro"],
    )
    ctx.objects["event_index"] = index
    rng = ctx.rng("events")
    today = timezone.localdate()
    for number, event in enumerate(data["events"], start=1):
        slug, title, mode, hour = event["slug"], event["title"], event["registrations"], event["start_hour"]
        if mode not in REGISTRATION_MODES:
            raise ValueError(f"events.yaml: {slug}: unknown registrations {mode!r}")
        event_type = EventType(event["type"])
        cover = ensure_image(ctx, f"活动封面 {number:02d}", str(event_type.label), f"event-{number}")
        fields = {
            "title": title,
            "event_type": event_type,
            "brand": Brand(event["brand"]),
            "summary": text["summary"].format(title=title, type=event_type.label),
            "organiser": event.get("organiser", text["organiser"]),
            "cover_image": cover,
            "body": _body(text, title, event_type.label),
            "agenda": _agenda(text["agenda"], hour),
            "speakers": _speakers(rng, people),
            "capacity": event["capacity"],
            "max_party_size": event["max_party_size"],
            "requires_approval": mode == "approval",
            "waitlist_enabled": True,
            "questions": [_question(data["questions"][name]) for name in event["questions"]],
        }
        if event["venue"] == "online":
            fields.update(
                venue_name="",
                venue_address="",
                latitude=None,
                longitude=None,
                online_url=text["online_url"],
            )
        else:
            venue = data["venues"][event["venue"]]
            fields.update(
                venue_name=venue["name"],
                venue_address=venue["address"],
                # YAML reads coordinates as floats; str() keeps the written digits, not the float's binary noise.
                latitude=Decimal(str(venue["latitude"])),
                longitude=Decimal(str(venue["longitude"])),
                online_url="",
            )
        existing = EventPage.objects.child_of(index).filter(slug=slug).first()
        if existing is None:
            fields.update(_dates(event["days_from_creation"], hour, event["hours"], mode, today))
        page = ensure_page(ctx, index, EventPage, slug, **fields)
        _registrations(ctx, page, mode, number, people)
    _staff_permissions(ctx)
    ctx.log(f"活动 {len(data['events'])} 场与报名 ✓")


# Editors run registrations without seeing mobile/email; moderators may also see and export them (PIPL).
GROUP_PERMISSIONS = {
    "内容编辑": ["view_registration", "add_registration", "change_registration"],
    "审核员": [
        "view_registration",
        "add_registration",
        "change_registration",
        "view_registration_contact",
    ],
}


def _staff_permissions(ctx):
    from django.contrib.auth.models import Group, Permission

    for group_name, codenames in GROUP_PERMISSIONS.items():
        group = Group.objects.filter(name=group_name).first()
        if group is None:
            continue
        wanted = Permission.objects.filter(content_type__app_label="events", codename__in=codenames)
        missing = wanted.exclude(pk__in=group.permissions.values("pk"))
        if missing.exists():
            group.permissions.add(*missing)
            ctx.count("updated")
        else:
            ctx.count("unchanged")


def _registrations(ctx, page, mode, number, people):
    target = page.registration_target
    if target is None or Registration.objects.filter(target=target).exists():
        ctx.count("unchanged")
        return
    rng = ctx.rng(f"registrations-{number}")
    capacity = page.capacity or 60
    plan = []
    if mode == "waitlist":
        plan = [S.CONFIRMED] * capacity + [S.WAITLISTED] * rng.randint(4, 9)
    elif mode == "approval":
        plan = [S.CONFIRMED] * rng.randint(15, 25) + [S.PENDING] * rng.randint(4, 8) + [S.REJECTED] * 2
    elif mode == "closed":
        plan = [S.CONFIRMED] * rng.randint(capacity // 2, capacity - 5) + [S.CANCELLED] * 3
    elif mode == "past":
        attended = rng.randint(capacity // 2, capacity - 3)
        plan = [S.ATTENDED] * attended + [S.NO_SHOW] * rng.randint(1, 3) + [S.CANCELLED] * 2
    elif mode == "some":
        plan = [S.CONFIRMED] * rng.randint(capacity // 4, capacity * 3 // 5) + [S.CANCELLED] * rng.randint(
            0, 2
        )
    if not plan:  # registration has not opened yet
        ctx.count("unchanged")
        return
    created = page.registration_opens_at or page.starts_at - datetime.timedelta(days=20)
    rows = []
    seats = 0
    for n, status in enumerate(plan, start=1):
        party = 1
        if page.max_party_size > 1 and status in (S.CONFIRMED, S.ATTENDED) and rng.random() < 0.2:
            party = 2
            if page.capacity and seats + party > page.capacity:
                party = 1
        if status in (S.CONFIRMED, S.ATTENDED, S.NO_SHOW, S.PENDING):
            seats += party
            if page.capacity and seats > page.capacity:
                seats -= party
                status = S.WAITLISTED
        created += datetime.timedelta(minutes=rng.randint(3, 240))
        answers = {}
        for block in page.questions:
            question = block.block.to_question(block.value, "")
            if question["kind"] == "choice":
                answers[question["label"]] = rng.choice(question["choices"])
            elif question["kind"] == "multiple":
                answers[question["label"]] = rng.sample(question["choices"], rng.randint(1, 2))
            elif question["kind"] == "number":
                answers[question["label"]] = rng.randint(3, 80)
        rows.append(
            Registration(
                target=target,
                status=status,
                name=rng.choice(people["surnames"]) + rng.choice(people["given_names"]),
                mobile=f"1{rng.choice('3578')}{rng.randint(0, 999999999):09d}",
                email=f"demo{number:02d}{n:03d}@example.cn",
                organisation=rng.choice(people["organisations"]),
                job_title=rng.choice(people["job_titles"]),
                party_size=party,
                answers=answers,
                created_at=created,
                status_changed_at=created,
                attended_at=page.starts_at + datetime.timedelta(minutes=rng.randint(0, 40))
                if status == S.ATTENDED
                else None,
                cancel_reason="self"
                if status == S.CANCELLED
                else ("rejected" if status == S.REJECTED else ""),
                ticket_code=f"D{number:02d}{n:03d}{rng.choice('ABCDEFGHJKMNPQRSTUVWXYZ')}{rng.choice('23456789')}",
            )
        )
    # Demo mobiles are random: drop accidental repeats so the one-active-per-mobile rule holds.
    seen = set()
    unique_rows = []
    for row in rows:
        if row.mobile in seen:
            continue
        seen.add(row.mobile)
        unique_rows.append(row)
    Registration.objects.bulk_create(unique_rows)
    ctx.count("created")

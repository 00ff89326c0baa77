"""The structure migrations keep every row: a database holding registrations and areas from before the
registration engine left `events` and `Area` left `carriers` comes out with the same rows, statuses, ticket
codes, export audit entries, area ids and group permissions (django-test-migrations drives real PostgreSQL
from the old state to the new one)."""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

import pytest

BEFORE = [
    ("events", "0001_initial"),
    ("carriers", "0002_initial_taxonomy"),
    ("brand", "0003_initial_taxonomy"),
]
AFTER = [
    ("events", "0002_registration_engine_moved"),
    ("registrations", "0002_constraint_names"),
    ("carriers", "0003_area_moved_to_core"),
    ("brand", "0004_area_moved_to_core"),
]


@pytest.fixture
def migrator(migrator_factory):
    migrator = migrator_factory()
    yield migrator
    migrator.reset()


def test_registrations_and_areas_survive_the_move(migrator):
    migrator.apply_initial_migration(BEFORE)
    # The truncated plan may hold later migrations of other apps: unapply everything of the new layout.
    old = migrator.apply_tested_migration([("core", None), ("registrations", None)])
    OldTarget = old.apps.get_model("events", "RegistrationTarget")
    OldRegistration = old.apps.get_model("events", "Registration")
    OldExport = old.apps.get_model("events", "RegistrationExport")
    OldArea = old.apps.get_model("carriers", "Area")
    ContentType = old.apps.get_model("contenttypes", "ContentType")
    Permission = old.apps.get_model("auth", "Permission")
    Group = old.apps.get_model("auth", "Group")
    User = old.apps.get_model(settings.AUTH_USER_MODEL)  # the swappable user model, in the old state

    # The content types and the contact permission as a live site has them (post_migrate is muted here).
    registration_type = ContentType.objects.create(app_label="events", model="registration")
    ContentType.objects.create(app_label="events", model="registrationtarget")
    area_type = ContentType.objects.create(app_label="carriers", model="area")
    contact = Permission.objects.create(
        content_type=registration_type,
        codename="view_registration_contact",
        name="可查看并导出报名者手机号与邮箱",
    )
    group = Group.objects.create(name="活动管理员")
    group.permissions.add(contact)
    staff = User.objects.create(username="staff")

    areas = dict(OldArea.objects.values_list("slug", "pk"))
    assert "zhangjiang" in areas
    now = timezone.now()
    target = OldTarget.objects.create(
        kind="event", title="旧活动", capacity=2, starts_at=now + datetime.timedelta(days=3)
    )
    rows = [
        ("AAAA2222", "confirmed", "13900000001", 1),
        ("BBBB3333", "waitlisted", "13900000002", 2),
        ("CCCC4444", "cancelled", "13900000001", 1),
        ("DDDD5555", "attended", "13900000003", 1),
    ]
    for code, status, mobile, party in rows:
        OldRegistration.objects.create(
            target=target,
            ticket_code=code,
            status=status,
            mobile=mobile,
            name=f"报名者{code[:1]}",
            email=f"{code.lower()}@example.cn",
            party_size=party,
            answers={"所在单位类型": "孵化器"},
        )
    OldExport.objects.create(
        target=target, user=staff, file_format="xlsx", row_count=4, included_contact=True
    )

    new = migrator.apply_tested_migration(AFTER)
    Target = new.apps.get_model("registrations", "RegistrationTarget")
    Registration = new.apps.get_model("registrations", "Registration")
    Export = new.apps.get_model("registrations", "RegistrationExport")
    Area = new.apps.get_model("core", "Area")
    ContentType = new.apps.get_model("contenttypes", "ContentType")
    Group = new.apps.get_model("auth", "Group")

    moved = Target.objects.get(pk=target.pk)
    assert (moved.title, moved.capacity) == ("旧活动", 2)
    kept = {
        r.ticket_code: (r.status, r.mobile, r.party_size, r.answers)
        for r in Registration.objects.filter(target=moved)
    }
    assert kept == {
        code: (status, mobile, party, {"所在单位类型": "孵化器"}) for code, status, mobile, party in rows
    }
    export = Export.objects.get()
    assert (export.target_id, export.user_id, export.row_count, export.included_contact) == (
        target.pk,
        staff.pk,
        4,
        True,
    )
    assert dict(Area.objects.values_list("slug", "pk")) == areas

    # Same content type rows, now under the new apps, so group permissions follow without a re-grant.
    assert ContentType.objects.get(pk=registration_type.pk).app_label == "registrations"
    assert ContentType.objects.get(pk=area_type.pk).app_label == "core"
    assert (
        Group.objects.get(name="活动管理员")
        .permissions.filter(content_type__app_label="registrations", codename="view_registration_contact")
        .exists()
    )

    # The renamed constraints still refuse a second active registration for the same mobile.
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(
            target=moved, ticket_code="EEEE6666", status="confirmed", mobile="13900000001", name="重复"
        )

"""Support for bench/registration_race.py: create a throw-away event, report its counts, remove it.

`create` prints JSON with the event's path and a short-lived token (signed with SECRET_KEY) that lifts the
per-IP submission limit for that one event only; nobody without shell access to the server can mint one.
"""

import datetime
import json
import uuid

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count
from django.utils import timezone

from wagtail.models import Page, Site

from events.models import EventIndexPage, EventPage
from registrations.models import Registration, RegistrationTarget
from registrations.ratelimit import bench_token


class Command(BaseCommand):
    help = "Create, report on or delete the benchmark's own event (used by bench/registration_race.py)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["create", "report", "cleanup"])
        parser.add_argument("--capacity", type=int, default=50)
        parser.add_argument("--target", type=int, help="the RegistrationTarget id printed by create")

    def handle(self, *args, action, capacity, target, **options):
        if action == "create":
            self.stdout.write(json.dumps(self.create(capacity)))
            return
        if not target or not RegistrationTarget.objects.filter(pk=target).exists():
            raise CommandError("--target: no such registration target")
        if action == "report":
            counts = dict(
                Registration.objects.filter(target_id=target)
                .values_list("status")
                .annotate(n=Count("pk"))
                .values_list("status", "n")
            )
            self.stdout.write(json.dumps(counts))
        else:
            for page in EventPage.objects.filter(registration_target_id=target):
                page.delete()
            RegistrationTarget.objects.filter(pk=target).delete()
            self.stdout.write("removed")

    def create(self, capacity):
        index = EventIndexPage.objects.live().first()
        if index is None:
            site = Site.objects.get(is_default_site=True)
            index = Page.objects.get(pk=site.root_page_id).add_child(
                instance=EventIndexPage(title="活动", slug=f"bench-events-{uuid.uuid4().hex[:6]}")
            )
        starts = timezone.now() + datetime.timedelta(days=7)
        page = index.add_child(
            instance=EventPage(
                title="注册压力测试（自动创建，测试后删除）",
                slug=f"bench-{uuid.uuid4().hex[:10]}",
                summary="bench/registration_race.py 创建的临时活动。",
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=2),
                venue_address="上海市浦东新区",
                capacity=capacity,
                live=True,
            )
        )
        page.save_revision().publish()
        page.refresh_from_db()
        return {
            "page_id": page.pk,
            "target": page.registration_target_id,
            "path": page.get_url_parts()[2],
            "token": bench_token(page.registration_target_id),
        }

"""The main admin pages an editor walks through, for the tests that visit them all (no request to another
host: tests/e2e/test_no_external_hosts.py; no untranslated label: tests/test_admin_chinese.py)."""

from django.urls import reverse

from tests.factories import (
    BrandPageFactory,
    CarrierIndexPageFactory,
    CarrierPageFactory,
    EventIndexPageFactory,
    EventPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    RegistrationFactory,
)


def build_site(home):
    """A small site below `home`: news, events with a registration, carriers, a brand page."""
    news = NewsIndexPageFactory(parent=home, slug="news")
    article = NewsPageFactory(parent=news, title="浦东孵化新闻")
    events = EventIndexPageFactory(parent=home, slug="events")
    event = EventPageFactory(parent=events, title="合成生物创新沙龙")
    RegistrationFactory(target=event.registration_target)
    carriers = CarrierIndexPageFactory(parent=home, slug="carriers")
    carrier = CarrierPageFactory(parent=carriers)
    brand = BrandPageFactory(parent=home)
    return {
        "home": home,
        "news": news,
        "article": article,
        "events": events,
        "event": event,
        "carriers": carriers,
        "carrier": carrier,
        "brand": brand,
    }


def public_paths(site):
    return [
        "/",
        site["news"].url,
        site["article"].url,
        site["events"].url,
        site["event"].url,
        site["carriers"].url,
        site["carrier"].url,
        site["brand"].url,
        "/search/?q=孵化",
        "/accounts/login/",
    ]


def admin_paths(site):
    target = site["event"].registration_target
    return [
        "/admin/",
        "/admin/pages/",
        f"/admin/pages/{site['home'].pk}/",
        f"/admin/pages/{site['news'].pk}/",
        f"/admin/pages/{site['article'].pk}/edit/",
        f"/admin/pages/{site['event'].pk}/edit/",
        f"/admin/pages/add/news/newspage/{site['news'].pk}/",
        "/admin/snippets/carriers/company/",
        "/admin/snippets/brand/expertisefield/",
        "/admin/snippets/core/exportrecord/",
        "/admin/snippets/academy/coursesession/",
        "/admin/images/",
        "/admin/documents/",
        "/admin/users/",
        "/admin/groups/",
        "/admin/sites/",
        f"/admin/settings/home/sitesettings/{site['home'].get_site().pk}/",
        "/admin/collections/",
        "/admin/workflows/list/",
        "/admin/reports/locked/",
        "/admin/reports/site-history/",
        "/admin/reports/aging-pages/",
        "/admin/reports/page-types-usage/",
        "/admin/redirects/",
        "/admin/account/",
        reverse("events_admin:events"),
        reverse("registrations_admin:registrations", args=[target.pk]),
        reverse("registrations_admin:check_in", args=[target.pk]),
        reverse("worker_admin:mails"),
        reverse("carriers_import"),
    ]

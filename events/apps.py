from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "活动与报名"

    def ready(self):
        from registrations.models import RegistrationTarget
        from registrations.owners import register_owner

        from .models import EventPage

        joined = RegistrationTarget.event_page.related

        def event_of(target):
            if joined.is_cached(target):  # read with the target (registrations.owners.target_with_owner)
                page = joined.get_cached_value(target)
            else:
                page = EventPage.objects.filter(registration_target=target).first()
            if page is not None:
                page.registration_target = target  # the caller's row: no second read of it
            return page

        # What the form's POST reads of its event; a page rendered after an error is read whole (views).
        register_owner(
            "event",
            event_of,
            related_name="event_page",
            related_fields=(
                "live",
                "title",
                "registration_enabled",
                "ends_at",
                "questions",
                "registration_target",
            ),
        )

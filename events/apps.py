from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "活动与报名"

    def ready(self):
        from registrations.owners import register_owner

        from .models import EventPage

        def event_of(target):
            page = EventPage.objects.filter(registration_target=target).first()
            if page is not None:
                page.registration_target = target  # the caller's row: no second read of it
            return page

        register_owner("event", event_of)

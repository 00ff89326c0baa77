from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "活动与报名"

    def ready(self):
        from registrations.owners import register_owner

        from .models import EventPage

        register_owner("event", lambda target: EventPage.objects.filter(registration_target=target).first())

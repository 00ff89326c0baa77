from django.apps import AppConfig


class RegistrationsConfig(AppConfig):
    """The registration engine: targets, registrations, waitlist and offers, tickets and signed links,
    check-in, exports and their audit, mails, .ics. Owners (events, course sessions) register with it
    through `registrations.owners`; it imports no content app."""

    name = "registrations"
    verbose_name = "报名"

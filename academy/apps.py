from django.apps import AppConfig


class AcademyConfig(AppConfig):
    """浦东孵化学堂 (创孵学堂): courses, sessions and their class meetings, mentors, enrollment through the
    registration engine, attendance and certificates."""

    name = "academy"
    verbose_name = "创孵学堂"

    def ready(self):
        from registrations.owners import register_owner

        from . import signals
        from .models import CourseSession
        from .models.sessions import TARGET_KIND

        signals.connect()

        register_owner(
            TARGET_KIND,
            lambda target: (
                CourseSession.objects.select_related("course").filter(registration_target=target).first()
            ),
        )

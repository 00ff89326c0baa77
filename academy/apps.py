from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_academy_admin_group(sender, using="default", **kwargs):
    """Model permissions exist only after migrate (post_migrate creates them app by app); once the last
    app's have been made, give 学堂管理员 the ones it lacks (academy/permissions.py)."""
    from django.apps import apps

    from .permissions import ensure_group

    last = [config for config in apps.get_app_configs() if config.models_module is not None][-1]
    if sender is last and using == "default":
        ensure_group()


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
        post_migrate.connect(_ensure_academy_admin_group, dispatch_uid="academy_admin_group")

        register_owner(
            TARGET_KIND,
            lambda target: (
                CourseSession.objects.select_related("course").filter(registration_target=target).first()
            ),
            own_dashboard_section=True,  # 我的创孵 → 学堂课程报名 (academy.account_hooks)
        )

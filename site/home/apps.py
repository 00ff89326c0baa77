from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _after_migrate(sender, using="default", **kwargs):
    """Once the last app's permissions exist: name them in Chinese (admin_chinese.py) and give the staff
    roles what they lack (roles.py)."""
    from django.apps import apps

    last = [config for config in apps.get_app_configs() if config.models_module is not None][-1]
    if sender is last and using == "default":
        from .admin_chinese import translate_names
        from .roles import ensure_roles

        translate_names()
        ensure_roles(apps)


def _grant_section_page(sender, instance, **kwargs):
    from .roles import grant_section_page

    grant_section_page(instance)


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "首页与站点"

    def ready(self):
        from wagtail.signals import page_published

        from . import chrome  # noqa: F401 - connects the signals that tell every process the chrome changed
        from .admin_chinese import label_wagtail_fields

        post_migrate.connect(_after_migrate, dispatch_uid="home_after_migrate")
        page_published.connect(_grant_section_page, dispatch_uid="home_grant_section_page")
        label_wagtail_fields()

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _chinese_admin_names(sender, using="default", **kwargs):
    """After the last app's permissions exist, name them in Chinese (home/admin_chinese.py)."""
    from django.apps import apps

    last = [config for config in apps.get_app_configs() if config.models_module is not None][-1]
    if sender is last and using == "default":
        from .admin_chinese import translate_names

        translate_names()


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "首页与站点"

    def ready(self):
        from . import chrome  # noqa: F401 - connects the signals that tell every process the chrome changed

        post_migrate.connect(_chinese_admin_names, dispatch_uid="home_chinese_admin_names")
        from .admin_chinese import label_wagtail_fields

        label_wagtail_fields()

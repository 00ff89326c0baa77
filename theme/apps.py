from django.apps import AppConfig


class ThemeConfig(AppConfig):
    name = "theme"
    verbose_name = "主题"

    def ready(self):
        from . import chrome  # noqa: F401 - connects the signals that clear the cached page chrome

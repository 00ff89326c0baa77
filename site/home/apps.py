from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "首页与站点"

    def ready(self):
        from . import chrome  # noqa: F401 - connects the signals that tell every process the chrome changed

from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "站内搜索"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Each content app describes its searchable types in <app>/search_documents.py.
        autodiscover_modules("search_documents")
        from . import picks, sync

        sync.connect()
        picks.connect()

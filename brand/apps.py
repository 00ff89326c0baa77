from django.apps import AppConfig


class BrandConfig(AppConfig):
    name = "brand"
    verbose_name = "创孵品牌"
